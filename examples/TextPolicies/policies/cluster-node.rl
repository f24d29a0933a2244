# The cluster node of examples/ClusterNode (ClusterNodePolicy.cs) in the text language; it compiles to the same
# rulesets. A Kubernetes node's service load balancing, as kube-proxy's iptables mode programs it: a web service
# with two endpoints and a NodePort, and an API service with three endpoints.
policy cluster-node

cluster cidr 10.244.0.0/16

service default/web port http tcp 10.96.0.10:80 nodeport 30080 endpoints { 10.244.1.10:8080, 10.244.2.10:8080 }
service default/api port grpc tcp 10.96.0.20:9000 endpoints {
    10.244.1.11:9000,
    10.244.2.11:9000,
    10.244.3.11:9000
}

# Proved over every packet at build time, random endpoint choice included (docs/analysis.md).
assert "web's cluster IP reaches only its endpoints" tcp daddr 10.96.0.10 dport 80 reaches only { 10.244.1.10:8080, 10.244.2.10:8080 }
assert "api's cluster IP reaches only its endpoints" tcp daddr 10.96.0.20 dport 9000 reaches only { 10.244.1.11:9000, 10.244.2.11:9000, 10.244.3.11:9000 }
