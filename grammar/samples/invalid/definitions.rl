# Definition mistakes: unknown, used before defined, defined twice, of the wrong kind.
# expect: RL0406 13:17 '$nowhere' is not defined; define it first with 'define nowhere = …'
# expect: RL0407 14:13 '$later' is used before its definition at
# expect: RL0409 15:13 '$ports' holds ports, but addresses are expected here
# expect: RL0409 16:17 '$office' holds addresses, but ports are expected here
# expect: RL0408 19:8 'ports' is already defined at
# expect: RL0401 20:8 expected a definition name (a letter, then letters, digits or '_'), found '9lives'
policy definitions

define ports = { 80, 443 }
define office = 192.168.1.0/24

allow tcp dport $nowhere
allow saddr $later
allow saddr $ports
allow tcp dport $office

define later = 10.0.0.1
define ports = 22
define 9lives = 1.2.3.4
