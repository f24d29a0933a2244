# A chain block that is not closed before the next chain, and a table block never closed.
# expect: RL0402 6:1 the table filter block is never closed; end it with '}' on a line of its own
# expect: RL0402 7:5 the chain INPUT block is never closed; end it with '}' on a line of its own
policy unclosed

table filter {
    chain INPUT {
        iif lo accept
    chain FORWARD {
        accept
    }
