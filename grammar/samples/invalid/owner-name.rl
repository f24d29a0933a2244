# A user or group name resolves through the loading machine's own database, so only numeric ids are taken.
# expect: RL2131 8:19 'www-data' is a user name
# expect: RL2131 9:25 'staff' is a group name
policy owner

table filter {
    chain OUTPUT {
        owner uid www-data drop
        owner uid 0 gid staff accept
    }
}
