
# Layout: blank lines and comments anywhere, tabs, a table and a chain written twice (they add to the same
# table and chain), lists spread over lines, user chains with dots and dashes in their names.


policy layout   # a comment after a statement

	# indented with a tab
table filter {   # a comment after a brace

    chain INPUT policy drop {
	iif lo    accept     # tabs and spaces between tokens

        tcp dport {
            80,   # a comment inside a list
            443
        } jump web.in-1
    }

    chain web.in-1 {
        saddr 10.0.0.0/8 accept
    }
}

table filter {
    chain INPUT {
        # Added after the rules above: the same chain.
        udp dport 53 accept
    }
    chain web.in-1 {
        return
    }
}
