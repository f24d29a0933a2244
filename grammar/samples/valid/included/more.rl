# Included by common.rl, which is included by definitions.rl: includes nest. No policy line: it is optional here.
define admin = 10.9.9.9
allow iif mgmt0
