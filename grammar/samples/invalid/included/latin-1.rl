# A file saved as Latin-1, not UTF-8: its café is one byte the parser must not guess at.
define ssh = 22
