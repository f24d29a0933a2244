# Mistakes in service statements and cluster settings.
# expect: RL0401 10:66 expected an endpoint condition, ',' or '}', found 'ready'
# expect: RL0401 11:58 expected 'local' or 'cluster', found 'global'
# expect: RL0401 12:51 expected 'client-ip', found 'sticky'
# expect: RL0401 13:49 expected '{', found '192.168.49.100'
# expect: RL0401 14:22 expected 'on' or 'off', found 'maybe'
# expect: RL0401 15:16 expected an address, found end of line
policy services

service web/a port http tcp 10.96.0.1:80 endpoints { 10.0.0.1:80 ready }
service web/b port http tcp 10.96.0.2:80 external-policy global
service web/c port http tcp 10.96.0.3:80 affinity sticky
service web/d port http tcp 10.96.0.4:80 lb-ips 192.168.49.100
cluster random-fully maybe
cluster node-ip
