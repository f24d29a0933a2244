# Every intent and cluster setting; the intents are lowered as the C# DSL's PolicyBuilder methods are.
policy intents

define inside = { 10.0.0.0/24, 10.0.1.0/24 }

allow iif lo
allow tcp dport 22 saddr $inside comment "ssh from inside"
allow icmp type echo-request limit 5/second

redirect tcp port 80 to 8080
redirect udp port 53 to 5353 iif eth0

forward tcp port 2222 to 10.0.0.2:22
forward udp port 5000 iif wan0 to 10.0.0.5:5001

masquerade
masquerade oif wan0
masquerade oif wan1 saddr 10.0.2.0/24
masquerade saddr $inside

service default/web tcp 10.96.0.10:80 endpoints { 10.244.1.10:8080 }
service default/api port grpc tcp 10.96.0.20:9000 nodeport 30090 endpoints { 10.244.1.11:9000, 10.244.2.11:9000 }
service kube-system/dns port dns udp 10.96.0.53:53 endpoints {
    10.244.1.53:53,
    10.244.2.53:53
}
service ns-1/assoc sctp 10.96.0.30:7777 endpoints { 10.244.1.12:7777 }

cluster cidr 10.244.0.0/16
cluster masquerade-bit 13
