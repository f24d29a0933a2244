# log flags: what LOG adds to each line (--log-tcp-sequence, --log-tcp-options, --log-ip-options, --log-uid,
# --log-macdecode), as one list, or all of them.
policy log-flags

table filter {
    chain INPUT {
        tcp dport 22 log prefix "ssh: " flags tcp-sequence,tcp-options
        log level 6 flags uid,ip-options,macdecode
        log flags all
    }
}
