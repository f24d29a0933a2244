# A policy beside Docker: its own chains, jumped to first, and the forward jump before Docker's.
policy beside-docker

owns chains jumps first prefix bd
external { DOCKER-USER, KUBE-SERVICES }
place filter FORWARD before DOCKER-USER

table filter {
  chain INPUT {
    tcp dport 22 accept
  }
  chain FORWARD {
    iif eth1 jump DOCKER-USER
    iif eth2 drop
  }
}
