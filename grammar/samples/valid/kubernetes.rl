# Services with everything the model holds of a Service and its EndpointSlices, and kube-proxy's node settings;
# `rulelang kube` reads the same from kubectl's JSON (docs/kubernetes.md).
policy kubernetes

cluster cidr 10.0.0.0/16
cluster node-ip 192.168.49.2
cluster service-cidr 10.96.0.0/12
cluster random-fully off
cluster localhost-nodeports
cluster nfacct
cluster nodeport-address 192.168.49.0/24

# The existing form: cluster IP, NodePort, endpoints.
service ingress-nginx/ingress-nginx-controller port http tcp 10.102.84.62:80 nodeport 32096 endpoints { 10.0.0.174:80, 10.0.0.97:80 }

# A load balancer that keeps client addresses: only this node's endpoint serves external traffic.
service web/edge port http tcp 10.101.7.40:80 nodeport 31080 lb-ips { 192.168.49.100 } lb-source-ranges { 198.51.100.0/24, 192.168.49.0/24 } external-policy local health-check-nodeport 30253 endpoints {
    10.0.0.60:8080 local,
    10.0.1.61:8080,
    10.0.2.62:8080 terminating serving
}

# ClientIP affinity (three hours unless a timeout is given), external IPs, and Local internal traffic.
service shop/cart port http tcp 10.98.150.20:80 affinity client-ip external-ips { 192.0.2.7 } endpoints { 10.0.0.40:8080, 10.0.1.15:8080 not-ready }
service shop/basket port http tcp 10.98.150.21:80 affinity client-ip timeout 600 internal-policy local endpoints { 10.0.0.41:8080 local }

# No endpoints: traffic to it is rejected (RL2201, a warning).
service shop/checkout-canary port http tcp 10.110.3.9:80
