using System.Collections.Generic;

namespace RuleLang.Model.Diagnostics;

/// <summary>
/// Every diagnostic RuleLang can report. IDs are stable: RL01xx values written in a policy, RL02xx the syntax of
/// imported iptables rules, RL04xx the .rl text language, RL1xxx tables and chains, RL2xxx targets and matches,
/// RL3xxx back ends, RL07xx files and the command line, RL08xx the live host (RL083x the lockout proof). Each has a
/// page docs/diagnostics/RLxxxx.md.
/// </summary>
public static class DiagnosticCatalog
{
    private const string Values = "Values";
    private const string Chains = "Chains";
    private const string Rules = "Rules";
    private const string Services = "Services";
    private const string Emit = "Emit";
    private const string Import = "Import";
    private const string Text = "Text";
    private const string Trace = "Trace";
    private const string CommandLine = "CommandLine";
    private const string Files = "Files";
    private const string Lockout = "Lockout";

    public static readonly DiagnosticDescriptor InvalidAddress = new(
        "RL0101", "Invalid address", "'{0}' is not a valid address: {1}", Severity.Error, Values);

    public static readonly DiagnosticDescriptor HostBitsSet = new(
        "RL0102", "CIDR has host bits set", "'{0}' has host bits set, so the kernel will use {1}; write {1} if that is the network you meant, or /{2} for the single host", Severity.Warning, Values);

    public static readonly DiagnosticDescriptor PortOutOfRange = new(
        "RL0103", "Port out of range", "port {0} is out of range; ports are 1 to 65535", Severity.Error, Values);

    public static readonly DiagnosticDescriptor PortRangeReversed = new(
        "RL0104", "Port range runs backwards", "port range {0}:{1} runs backwards; write the lower port first, {1}:{0}", Severity.Error, Values);

    public static readonly DiagnosticDescriptor InvalidInterfaceName = new(
        "RL0105", "Invalid interface name", $"interface name '{{0}}' {{1}}; a name is 1 to {Netfilter.NetfilterFacts.MaxInterfaceNameBytes} bytes of printable ASCII without spaces, quotes, '/' or ':', and '+' may only end it", Severity.Error, Values);

    public static readonly DiagnosticDescriptor InvalidChainName = new(
        "RL0106", "Invalid chain name", $"chain name '{{0}}' {{1}}; a user chain name is 1 to {Netfilter.NetfilterFacts.MaxChainNameBytes} bytes of ASCII letters, digits, '-', '_' or '.', and not the name of a target", Severity.Error, Values);

    public static readonly DiagnosticDescriptor InvalidComment = new(
        "RL0107", "Invalid comment", $"comment {{0}}; a comment is at most {Netfilter.NetfilterFacts.MaxCommentBytes} bytes (UTF-8) of printable text on one line", Severity.Error, Values);

    public static readonly DiagnosticDescriptor ProbabilityOutOfRange = new(
        "RL0108", "Probability out of range", "probability {0} is out of range; it must be greater than 0 and at most 1", Severity.Error, Values);

    public static readonly DiagnosticDescriptor MixedAddressFamilies = new(
        "RL0109", "IPv4 and IPv6 in one rule", "this rule mixes IPv4 ({0}) and IPv6 ({1}); write one rule for each address family", Severity.Error, Values);

    public static readonly DiagnosticDescriptor TooManyPorts = new(
        "RL0110", "Too many ports in one list", "a port list takes at most 15 entries (a range counts as two), this one has {0}; split it over several rules", Severity.Error, Values);

    public static readonly DiagnosticDescriptor ValueOutOfRange = new(
        "RL0111", "Value out of range", "{0} '{1}' is not valid; {2}", Severity.Error, Values);

    public static readonly DiagnosticDescriptor InvalidPolicyName = new(
        "RL0112", "Invalid policy name", "policy name '{0}' is not valid; it names the emitted files, so use 1 to 64 letters, digits, '-' or '_', starting with a letter", Severity.Error, Values);

    public static readonly DiagnosticDescriptor UnknownBuiltinChain = new(
        "RL1101", "No such built-in chain", "table {0} has no built-in chain {1}; its built-in chains are {2}", Severity.Error, Chains);

    public static readonly DiagnosticDescriptor DuplicateChain = new(
        "RL1102", "Chain declared twice", "chain {0} is declared twice in table {1}; merge the two or rename one", Severity.Error, Chains);

    public static readonly DiagnosticDescriptor PolicyOnUserChain = new(
        "RL1103", "Policy on a user chain", "user chain {0} cannot have a policy; only built-in chains do, a user chain falls back to its caller (add a final rule instead)", Severity.Error, Chains);

    public static readonly DiagnosticDescriptor MissingChain = new(
        "RL1201", "Jump to a missing chain", "the rule jumps to '{0}', but table {1} has no such chain; declare it or correct the name", Severity.Error, Chains);

    public static readonly DiagnosticDescriptor JumpLoop = new(
        "RL1202", "Chains jump in a loop", "chains jump in a loop: {0}; the kernel refuses a ruleset in which a chain can reach itself", Severity.Error, Chains);

    public static readonly DiagnosticDescriptor UnreferencedChain = new(
        "RL1203", "User chain never used", "user chain {0} in table {1} is never jumped to, so its rules never run; jump to it or remove it", Severity.Warning, Chains);

    public static readonly DiagnosticDescriptor UnreachableRule = new(
        "RL1204", "Rule can never match", "this rule can never match: the rule at {0} in chain {1} already ends every packet with {2}; move this rule before it or remove it", Severity.Warning, Chains);

    public static readonly DiagnosticDescriptor JumpToBuiltinChain = new(
        "RL1205", "Jump to a built-in chain", "a rule cannot jump to built-in chain {0}; jump to a user chain instead", Severity.Error, Chains);

    // RL1206–RL1208: symbolic analysis over packet space (shadowed rules, assertions).
    public static readonly DiagnosticDescriptor ShadowedRule = new(
        "RL1206", "Rule shadowed by earlier rules", "this rule can never match: every packet it matches in chain {0} is already decided by {1}; move it before them, narrow them, or remove it", Severity.Warning, Chains);

    public static readonly DiagnosticDescriptor AssertionFails = new(
        "RL1207", "Assertion does not hold", "assertion \"{0}\" does not hold: {1} {2} by {3}", Severity.Error, Chains);

    public static readonly DiagnosticDescriptor AssertionUndecided = new(
        "RL1208", "Assertion could not be decided", "assertion \"{0}\" could not be decided: {1}", Severity.Warning, Chains);

    public static readonly DiagnosticDescriptor TargetNotInTable = new(
        "RL2101", "Target not valid in this table", "{0} is not valid in table {1}; {0} belongs in {2}", Severity.Error, Rules);

    public static readonly DiagnosticDescriptor TargetNotAtHook = new(
        "RL2102", "Target not valid at this hook", "{0} is not valid in {1} {2}{3}; {0} belongs in {4}", Severity.Error, Rules);

    public static readonly DiagnosticDescriptor InInterfaceAtHook = new(
        "RL2103", "-i where no packet has an input interface", "-i {0} cannot match in {1} {2}{3}: packets there have no input interface yet; use it in PREROUTING, INPUT or FORWARD, or match -o", Severity.Error, Rules);

    public static readonly DiagnosticDescriptor OutInterfaceAtHook = new(
        "RL2104", "-o where no packet has an output interface", "-o {0} cannot match in {1} {2}{3}: routing has not chosen an output interface there; use it in FORWARD, OUTPUT or POSTROUTING, or match -i", Severity.Error, Rules);

    public static readonly DiagnosticDescriptor PortWithoutProtocol = new(
        "RL2105", "Port match without a protocol", "a {0} port match needs the rule to name tcp, udp or sctp first, but its protocol is {1}", Severity.Error, Rules);

    public static readonly DiagnosticDescriptor NatPortWithoutProtocol = new(
        "RL2106", "NAT to a port without a protocol", "{0} to port {1} needs the rule to name tcp, udp or sctp, since only they have ports; add the protocol", Severity.Error, Rules);

    public static readonly DiagnosticDescriptor IcmpTypeWithoutProtocol = new(
        "RL2107", "ICMP type without the ICMP protocol", "an {0} type match needs the rule's protocol to be {0}, but it is {1}", Severity.Error, Rules);

    public static readonly DiagnosticDescriptor TcpResetWithoutTcp = new(
        "RL2108", "TCP reset for a packet that may not be TCP", "REJECT with a TCP reset needs the rule to match -p tcp, since only a TCP packet can be answered with a reset; its protocol is {0}", Severity.Error, Rules);

    public static readonly DiagnosticDescriptor ServiceWithoutEndpoints = new(
        "RL2201", "Service without endpoints", "service {0} has no usable endpoints: connections to it are rejected (REJECT in filter KUBE-SERVICES, as kube-proxy does); give it a ready endpoint to serve it", Severity.Warning, Services);

    public static readonly DiagnosticDescriptor AffinityTimeoutOutOfRange = new(
        "RL2202", "Session affinity timeout out of range", "service {0}: a ClientIP session affinity timeout of {1} seconds is not valid; the Kubernetes API accepts 1 to 86400", Severity.Error, Services);

    public static readonly DiagnosticDescriptor ServicePortTwice = new(
        "RL2203", "Service port declared twice", "service port {0} ({1}, {2}) is declared twice; kube-proxy names its chains after namespace, name, port name and protocol, so each may appear once per address family", Severity.Error, Services);

    public static readonly DiagnosticDescriptor NotAKubernetesName = new(
        "RL2204", "Not a Kubernetes name", "{0} '{1}' is not a valid Kubernetes name: {2}", Severity.Error, Services);

    public static readonly DiagnosticDescriptor IgnoredServiceSetting = new(
        "RL2205", "Service setting kube-proxy ignores", "service {0}: {1} has no effect, since {2}", Severity.Warning, Services);

    public static readonly DiagnosticDescriptor NoLocalEndpoints = new(
        "RL2206", "Local traffic policy without endpoints on this node", "service {0} has no usable endpoint on this node: its {1} traffic is dropped (DROP in filter {2}), as kube-proxy does", Severity.Info, Services);

    public static readonly DiagnosticDescriptor ServiceCidrTwice = new(
        "RL2211", "Two service CIDRs of one family", "service CIDR {0} is a second {2} one, after {1}; kube-proxy takes one service CIDR per family, so give one {2} CIDR that holds every cluster IP", Severity.Error, Services);

    public static readonly DiagnosticDescriptor PolicyBuildFailed = new(
        "RL3001", "Policy could not be built", "policy class {0} failed while defining its rules: {1}; fix the policy code", Severity.Error, Emit);

    public static readonly DiagnosticDescriptor NoPolicies = new(
        "RL3002", "No policies found", "{0} defines no policy: add a public class that derives from RuleLang.PolicyDefinition", Severity.Error, Emit);

    public static readonly DiagnosticDescriptor DuplicatePolicyName = new(
        "RL3003", "Two policies with one name", "policies {0} and {1} are both named '{2}', and would write the same files; rename one", Severity.Error, Emit);

    public static readonly DiagnosticDescriptor NoFaithfulNftForm = new(
        "RL3101", "Construct has no faithful nft form", "{0} has no faithful form in the nft back end: {1}; {2}", Severity.Error, Emit);

    public static readonly DiagnosticDescriptor RulesetOutOfDate = new(
        "RL3201", "Committed ruleset out of date", "{0} {1}; review the diff below, then accept it", Severity.Error, Emit);

    // RL02xx: the syntax of imported iptables rules (iptables-save / iptables-restore lines). Declared before `All`,
    // since static fields are initialised in textual order.
    public static readonly DiagnosticDescriptor UnsupportedImportOption = new(
        "RL0201", "Unsupported iptables match or option", "{0} cannot be imported: {1}", Severity.Error, Import);

    public static readonly DiagnosticDescriptor UnsupportedImportTarget = new(
        "RL0202", "Unsupported iptables target", "target {0} cannot be imported: {1}", Severity.Error, Import);

    public static readonly DiagnosticDescriptor MalformedImportValue = new(
        "RL0203", "Malformed value or missing argument", "{0}: {1}", Severity.Error, Import);

    public static readonly DiagnosticDescriptor UnbalancedImportQuote = new(
        "RL0204", "Unbalanced quote", "the '\"' at column {0} is never closed; end the quoted text with '\"' (write \\\" for a quote inside it)", Severity.Error, Import);

    /// <summary>
    /// Retired, never reported: a rule without -j or -g is now imported as a rule that only counts packets
    /// (NoTarget). The ID stays in the catalogue, with its page, so that it is never given another meaning.
    /// </summary>
    public static readonly DiagnosticDescriptor ImportedRuleWithoutTarget = new(
        "RL0205", "Rule without a target (retired)", "this rule has no -j or -g; RuleLang no longer reports this: such a rule is imported as a rule that only counts packets", Severity.Error, Import);

    public static readonly DiagnosticDescriptor ImportOptionTwice = new(
        "RL0206", "Option given twice", "{0} is given twice in one rule, which iptables refuses; keep one", Severity.Error, Import);

    public static readonly DiagnosticDescriptor NotARuleCommand = new(
        "RL0207", "Not a rule", "{0}; a rule line appends (-A CHAIN) or inserts (-I CHAIN) one rule", Severity.Error, Import);

    // RL04xx: the .rl text language (syntax, definitions, includes). Values inside a well-formed statement are
    // left to the checker's RL01xx, so one mistake is reported once.
    public static readonly DiagnosticDescriptor RlSyntaxError = new(
        "RL0401", "Syntax error in a .rl file", "expected {0}, found {1}", Severity.Error, Text);

    public static readonly DiagnosticDescriptor RlBlockNotClosed = new(
        "RL0402", "Block never closed", "the {0} block is never closed; end it with '}}' on a line of its own", Severity.Error, Text);

    public static readonly DiagnosticDescriptor RlMissingPolicyLine = new(
        "RL0403", "No policy line", "a .rl file starts with 'policy NAME', which names the emitted files; {0}", Severity.Error, Text);

    public static readonly DiagnosticDescriptor RlPolicyNamedTwice = new(
        "RL0404", "Policy named twice", "the policy is already named '{0}' at line {1}; a file has one policy line", Severity.Error, Text);

    public static readonly DiagnosticDescriptor RlNumberTooLarge = new(
        "RL0405", "Number too large", "{0} '{1}' is too large; it is at most {2}", Severity.Error, Text);

    public static readonly DiagnosticDescriptor RlUnknownDefinition = new(
        "RL0406", "Unknown definition", "'${0}' is not defined; define it first with 'define {0} = …'", Severity.Error, Text);

    public static readonly DiagnosticDescriptor RlDefinitionUsedBeforeDefined = new(
        "RL0407", "Definition used before it is defined", "'${0}' is used before its definition at {1}; move the define above its first use", Severity.Error, Text);

    public static readonly DiagnosticDescriptor RlDefinitionTwice = new(
        "RL0408", "Name defined twice", "'{0}' is already defined at {1}; a name is defined once, so rename one", Severity.Error, Text);

    public static readonly DiagnosticDescriptor RlDefinitionWrongKind = new(
        "RL0409", "Definition of the wrong kind", "'${0}' holds {1}, but {2} are expected here", Severity.Error, Text);

    public static readonly DiagnosticDescriptor RlIncludeNotFound = new(
        "RL0410", "Included file not available", "cannot include \"{0}\": {1}", Severity.Error, Text);

    public static readonly DiagnosticDescriptor RlIncludeCycle = new(
        "RL0411", "Include cycle", "including \"{0}\" here closes a cycle: {1}; remove one of these includes", Severity.Error, Text);

    public static readonly DiagnosticDescriptor RlUnknownIcmpType = new(
        "RL0412", "Unknown ICMP type name", "'{0}' is not an {1} type name; write a name iptables knows, such as echo-request, or the number", Severity.Error, Text);

    public static readonly DiagnosticDescriptor RlNegatedAddressList = new(
        "RL0413", "Negated address list", "'{0} != ${1}' cannot be one rule: ${1} holds {2} addresses, and a rule tests one address per side; negate a single address, or jump to a chain that returns for each", Severity.Error, Text);

    public static readonly DiagnosticDescriptor RlNoAddressPair = new(
        "RL0414", "Address lists with no pair of one family", "{0} and {1} have no IPv4 or IPv6 pair in common, so this line makes no rule; give both sides addresses of one family", Severity.Error, Text);

    // RL0208-RL0210: whole dumps (iptables-save / iptables-restore files) rather than single rule lines.
    public static readonly DiagnosticDescriptor MalformedDump = new(
        "RL0208", "Malformed dump line", "{0}; {1}", Severity.Error, Import);

    public static readonly DiagnosticDescriptor FamiliesDisagree = new(
        "RL0209", "IPv4 and IPv6 dumps disagree", "{0}; {1}", Severity.Error, Import);

    public static readonly DiagnosticDescriptor OneFamilyOnly = new(
        "RL0210", "Table or chain in one family's dump only", "{0} is only in the {1} dump; the merged policy declares it for both families, so {2} gets it too, empty of that family's rules", Severity.Warning, Import);

    public static readonly DiagnosticDescriptor EmptyProtocolModule = new(
        "RL0211", "Protocol module without options left out", "-m {0} without options is left out: it adds only a refusal of non-first fragments, which never reach a ruleset that uses connection tracking (any with a nat table); the imported rule matches -p {0} alone", Severity.Warning, Import);

    public static readonly DiagnosticDescriptor OneFamilyDump = new(
        "RL0212", "Dump of one family only", "only an {0} dump was imported: rules that name no address apply to {1} as well once the policy is emitted{2}; import the {3} dump beside it to keep {1} as the host has it", Severity.Warning, Import);

    // RL0213 and RL0415: a file's bytes that are not UTF-8, reported at their line rather than replaced by U+FFFD.
    public static readonly DiagnosticDescriptor DumpNotUtf8 = new(
        "RL0213", "Dump is not UTF-8", "byte 0x{0} at byte offset {1} is not UTF-8; the kernel keeps comments and prefixes as UTF-8 bytes, so convert the dump to UTF-8 (iconv -f latin1 -t utf-8, if it is Latin-1) rather than let the import guess", Severity.Error, Import);

    // RL0220-RL0239: nft rulesets (`nft list ruleset` output) read by `rulelang import`.
    public static readonly DiagnosticDescriptor UnsupportedNftStatement = new(
        "RL0220", "Unsupported nft statement", "{0} cannot be imported: {1}", Severity.Error, Import);

    public static readonly DiagnosticDescriptor MalformedNftRuleset = new(
        "RL0221", "Malformed nft ruleset line", "{0}; {1}", Severity.Error, Import);

    public static readonly DiagnosticDescriptor OneFamilyNftTable = new(
        "RL0222", "nft table of one family", "table {0} {1} holds {2} traffic only, but rules that name no address apply to {3} as well once the policy is emitted{4}; keep them to {2} by naming addresses, or import an inet table", Severity.Warning, Import);

    public static readonly DiagnosticDescriptor RlNotUtf8 = new(
        "RL0415", ".rl file is not UTF-8", "byte 0x{0} at byte offset {1} is not UTF-8; save the file as UTF-8", Severity.Error, Text);

    // RL33xx: writing a policy back as source (.rl or C#).
    public static readonly DiagnosticDescriptor NotWritableAsSource = new(
        "RL3301", "Cannot be written as source", "{0} cannot be written as {1}: {2}", Severity.Error, Emit);

    // RL05xx: the cluster's own state (rulelang kube: kubectl's JSON of Services and EndpointSlices).
    public static readonly DiagnosticDescriptor KubeNotJson = new(
        "RL0501", "Not well-formed JSON", "the file is not well-formed JSON: {0}; rulelang kube reads what kubectl get services,endpointslices -A -o json prints", Severity.Error, Import);

    public static readonly DiagnosticDescriptor KubeBadField = new(
        "RL0502", "Missing or invalid field", "{0} {1}; {2}", Severity.Error, Import);

    public static readonly DiagnosticDescriptor KubeServiceSkipped = new(
        "RL0503", "Service not proxied", "service {0} is skipped, as kube-proxy skips it: {1}", Severity.Info, Import);

    public static readonly DiagnosticDescriptor KubeIgnored = new(
        "RL0504", "Object or field kube-proxy ignores", "{0} is ignored, as kube-proxy ignores it: {1}", Severity.Info, Import);

    public static readonly DiagnosticDescriptor KubeSettingNotUsed = new(
        "RL0505", "Node setting not used", "{0} is not used: {1}", Severity.Warning, Import);

    public static readonly DiagnosticDescriptor KubeNotUnicode = new(
        "RL0506", "JSON string that is not Unicode text", "{0} is not Unicode text: {1}; kubectl writes its JSON as UTF-8, so take the file from kubectl again", Severity.Error, Import);

    public static readonly DiagnosticDescriptor KubeLenientAddress = new(
        "RL0507", "Address with leading zeros", "{0} is '{1}', read as {2}: kube-proxy reads leading zeros in an address or prefix length as decimal, and the ruleset holds the canonical form", Severity.Info, Import);

    // RL06xx: packets written for rulelang trace.
    public static readonly DiagnosticDescriptor PacketNotUnderstood = new(
        "RL0601", "Packet not understood", "{0}; write a packet as {1}", Severity.Error, Trace);

    // RL07xx: files and the command line. RL0701–RL0719: which files are read and how outputs are written.
    public static readonly DiagnosticDescriptor IncludeOutsideAllowedFolders = new(
        "RL0701", "Include outside the allowed folders", "cannot include \"{0}\": {1} is outside the folders includes may read ({2}); move the file there, or allow its folder with --include-dir (RuleLangIncludeDirs in a build)", Severity.Error, Files);

    public static readonly DiagnosticDescriptor NotARegularFile = new(
        "RL0702", "Not a regular file", "{0} is {1}, not a regular file; RuleLang reads only regular files", Severity.Error, Files);

    public static readonly DiagnosticDescriptor FileTooLarge = new(
        "RL0703", "File too large", "{0} is larger than {1}, the most RuleLang reads from such a file", Severity.Error, Files);

    public static readonly DiagnosticDescriptor OutputNotWritten = new(
        "RL0704", "Output not written", "cannot write {0}: {1}; no output file was changed", Severity.Error, Files);

    public static readonly DiagnosticDescriptor FileNotReadable = new(
        "RL0705", "File not readable", "cannot read {0}: {1}", Severity.Error, Files);

    public static readonly DiagnosticDescriptor NotRlText = new(
        "RL0706", "Not a .rl file", "{0} does not begin with a .rl statement, so it is not read as one and none of its text is quoted; a .rl file begins with 'policy NAME', or for a library with include, define, table or a rule", Severity.Error, Files);

    // RL0720–RL0739: option values and the command's own failures.
    public static readonly DiagnosticDescriptor InvalidNamespaceOption = new(
        "RL0720", "Invalid C# namespace", "--namespace '{0}' is not a C# namespace; use identifiers separated by '.', such as Site.Firewall", Severity.Error, CommandLine);

    public static readonly DiagnosticDescriptor UnexpectedFailure = new(
        "RL0721", "Unexpected failure", "rulelang stopped on an unexpected {0}: {1}; nothing more was written; this is a bug in rulelang, please report it with the command that caused it", Severity.Error, CommandLine);

    // RL08xx: the live host (rulelang apply and status). RL0801–RL0829 apply and status; RL0830–RL0839 the lockout proof.
    private const string Live = "Live";

    public static readonly DiagnosticDescriptor NotRoot = new(
        "RL0801", "Not running as root", "rulelang {0} reads and changes the kernel's rulesets and must run as root; run it with sudo", Severity.Error, Live);

    public static readonly DiagnosticDescriptor ToolMissing = new(
        "RL0802", "Kernel tool missing", "'{0}' is not installed (neither in PATH nor in /usr/sbin or /sbin) and rulelang {1} needs it; install the {2} package", Severity.Error, Live);

    public static readonly DiagnosticDescriptor ApplyStepFailed = new(
        "RL0803", "Apply failed and was rolled back", "{0} failed: {1}; every snapshot was restored, so {2} runs the rules it ran before", Severity.Error, Live);

    public static readonly DiagnosticDescriptor RollbackFailed = new(
        "RL0804", "Rollback failed", "{0}; restoring the snapshot failed too ({1}), so {2} may run a mix of old and new rules: see what it runs with rulelang status, then apply again", Severity.Error, Live);

    public static readonly DiagnosticDescriptor OwnChainsNotPlaced = new(
        "RL0805", "Own chains cannot be placed", "{0} owns its own chains, and they cannot be merged into what {1} runs: {2}; nothing was changed", Severity.Error, Live);

    public static readonly DiagnosticDescriptor ApplyAlreadyPending = new(
        "RL0806", "An apply is already waiting for its confirmation", "an apply to {0} is already waiting for its confirmation (rolled back at {1} unless confirmed); confirm it with rulelang apply --confirm-pending{2}, or wait for the rollback", Severity.Error, Live);

    public static readonly DiagnosticDescriptor NothingPending = new(
        "RL0807", "No apply waiting for a confirmation", "no apply to {0} is waiting for a confirmation{1}", Severity.Error, Live);

    public static readonly DiagnosticDescriptor NoRulesets = new(
        "RL0808", "No ruleset to apply", "{0} holds no ruleset RuleLang generated in the formats asked for ({1}); write them with rulelang accept, or name the formats with --format", Severity.Error, Live);

    public static readonly DiagnosticDescriptor SeveralPolicies = new(
        "RL0809", "More than one policy", "the input holds {0} policies ({1}); apply and status work on one policy at a time: choose one with --policy NAME", Severity.Error, Live);

    public static readonly DiagnosticDescriptor LiveReadFailed = new(
        "RL0810", "Cannot read the live ruleset", "cannot read the live rulesets of {0}: {1}; nothing was changed", Severity.Error, Live);

    public static readonly DiagnosticDescriptor LiveRulesetDrifted = new(
        "RL0811", "Live ruleset differs from the policy", "{0} differs from what {1} runs ({2})", Severity.Warning, Live);

    public static readonly DiagnosticDescriptor BadConfirmPeriod = new(
        "RL0812", "Confirmation period not understood", "--confirm '{0}' is not a period; write seconds or minutes, such as 30s or 2m, from 1s to 1h", Severity.Error, Live);

    public static readonly DiagnosticDescriptor OptionsConflict = new(
        "RL0813", "Options that do not go together", "{0} cannot be combined with {1}", Severity.Error, Live);

    public static readonly DiagnosticDescriptor NftScriptNotApplicable = new(
        "RL0814", "nft script replaces more than its tables", "{0}", Severity.Error, Live);

    public static readonly DiagnosticDescriptor NoSuchNetns = new(
        "RL0815", "No such network namespace", "network namespace '{0}' {1}; list them with ip netns list", Severity.Error, Live);

    public static readonly DiagnosticDescriptor RollbackTimerNotStarted = new(
        "RL0816", "Rollback timer not started", "cannot start the process that rolls back an unconfirmed apply: {0}; nothing was changed", Severity.Error, Live);

    public static readonly DiagnosticDescriptor NotConfirmed = new(
        "RL0817", "Apply not confirmed, rolled back", "the apply to {0} was not confirmed {1} and was rolled back: {0} runs the rules it ran before", Severity.Error, Live);

    public static readonly DiagnosticDescriptor MissingInputs = new(
        "RL0818", "No input", "rulelang {0} needs the policy: a rulesets folder, or .rl files, assemblies or dumps", Severity.Error, Live);
    // RL083x: the lockout proof run before rulelang apply touches the kernel (and by rulelang lockout-check).
    public static readonly DiagnosticDescriptor ConnectionWouldBeCut = new(
        "RL0830", "Kept connection would be cut", "the new policy would cut {0} ({1}): {2} {3} by {4}; counterexample: {5}", Severity.Error, Lockout);

    public static readonly DiagnosticDescriptor KeptFlowNotUnderstood = new(
        "RL0831", "Kept connection not understood", "{0}; write --keep \"{1}\"", Severity.Error, Lockout);

    public static readonly DiagnosticDescriptor SshConnectionNotUnderstood = new(
        "RL0832", "SSH_CONNECTION not understood", "SSH_CONNECTION is '{0}', not 'client_ip client_port server_ip server_port'; this session is not checked, so name it with --keep", Severity.Warning, Lockout);

    public static readonly DiagnosticDescriptor ConntrackNotRead = new(
        "RL0833", "Established connections not read", "{0}: {1}; the connections in conntrack are not checked", Severity.Warning, Lockout);

    public static readonly DiagnosticDescriptor NewSessionMayBeRefused = new(
        "RL0834", "New session may be refused", "a new connection like {0} ({1}) may be {2} by {3}, depending on an opaque match; counterexample: {4}", Severity.Warning, Lockout);

    public static readonly DiagnosticDescriptor LockoutProofUndecided = new(
        "RL0835", "Lockout proof undecided", "the lockout proof of policy '{0}' could not finish: {1}; nothing is proved, so it counts as failed", Severity.Error, Lockout);

    public static readonly DiagnosticDescriptor LockoutProofForced = new(
        "RL0836", "Lockout proof overridden", "--force: going on although the lockout proof failed ({0})", Severity.Warning, Lockout);
    // RL0418: the .rl statements of ownership.
    public static readonly DiagnosticDescriptor RlOwnsTwice = new(
        "RL0418", "Ownership stated twice", "the policy already says what it owns at line {0}; a policy has one 'owns' statement, so remove one", Severity.Error, Text);

    // RL0760: the CLI's ownership option (--owns).
    public static readonly DiagnosticDescriptor OwnsOptionOverridden = new(
        "RL0760", "--owns differs from the policy's own statement", "policy {0} says it owns {1}, so --owns {2} is ignored for it: a policy's own 'owns' statement wins over the command line and the build", Severity.Warning, Emit);

    // RL1209–RL1215: what a policy owns, whole tables or its own chains (docs/ownership.md). Declared before `All`.
    public static readonly DiagnosticDescriptor OwnChainsDropPolicy = new(
        "RL1209", "Default policy in an own-chains policy", "built-in chain {0} of table {1} has policy {2}, but a policy that owns its own chains leaves the built-in chains' policies to the host; end {0} with an unconditional '{3}' rule instead (it runs in the owned chain {4}, so it decides every packet that reaches it)", Severity.Error, Chains);

    public static readonly DiagnosticDescriptor JumpToUndeclaredChain = new(
        "RL1210", "Jump to a chain neither owned nor external", "the rule jumps to '{0}', which table {1} neither defines nor declares external; define the chain, or declare it external if another owner (Docker, kube-proxy) creates it", Severity.Error, Chains);

    public static readonly DiagnosticDescriptor ExternalChainDefined = new(
        "RL1211", "External chain defined by the policy", "chain {0} is declared external but table {1} defines it; another owner's chain is never written by the policy, so remove the definition or the external declaration", Severity.Error, Chains);

    public static readonly DiagnosticDescriptor ChainSettingsWithoutOwnChains = new(
        "RL1212", "Own-chains setting in a whole-tables policy", "{0} only means something when the policy owns its own chains, but it owns whole tables (which replace every other owner's chains); say 'owns chains', or remove it", Severity.Error, Chains);

    public static readonly DiagnosticDescriptor InvalidChainPrefix = new(
        "RL1213", "Invalid owned chain prefix", "chain prefix '{0}' {1}; a prefix is 1 to 16 letters, digits, '-', '_' or '.', starting with a letter or digit, so that PREFIX-POSTROUTING fits iptables' 28 characters", Severity.Error, Chains);

    public static readonly DiagnosticDescriptor OwnedChainNameTaken = new(
        "RL1214", "Owned chain name already taken", "chain {0} in table {1} has the name the policy's own chain for built-in chain {2} takes; rename it, or choose another chain prefix", Severity.Error, Chains);

    public static readonly DiagnosticDescriptor ExternalJumpInNft = new(
        "RL1215", "Jump to an external chain in an nft script", "the rule jumps to external chain '{0}', but an nft table cannot jump to a chain of another table; emit iptables rulesets for this policy, or accept/return instead of jumping", Severity.Error, Chains);

    // RL1220: what the tcp match (--tcp-flags, --syn) depends on.
    public static readonly DiagnosticDescriptor TcpFlagsWithoutTcp = new(
        "RL1220", "TCP flags match without -p tcp", "a TCP flags match ({0}) needs the rule to match -p tcp, since only a TCP segment has flags; its protocol is {1}", Severity.Error, Rules);

    // RL2130–RL2131: the owner match (-m owner), which tests the local socket a packet was sent from.
    public static readonly DiagnosticDescriptor OwnerAtHook = new(
        "RL2130", "-m owner where no packet has a local socket", "{0} cannot match in {1} {2}{3}: only packets this host sends carry their socket, and the kernel takes -m owner only in OUTPUT and POSTROUTING; move the rule there", Severity.Error, Rules);

    public static readonly DiagnosticDescriptor OwnerIdByName = new(
        "RL2131", "Owner given by name", "'{0}' is a {1} name; RuleLang takes numeric {1} ids only, because iptables looks a name up in the loading machine's own {2} database and iptables-save prints the number; write the number ('{3}' prints it)", Severity.Error, Rules);

    // RL2132: the physdev match (-m physdev), which tests a bridged packet's bridge ports.
    public static readonly DiagnosticDescriptor PhysdevOutAtOutput = new(
        "RL2132", "Bridge output port tested in OUTPUT", "{0} cannot be used in {1} {2}{3}: a packet the host sends has no output bridge port yet there, and the kernel refuses --physdev-out and --physdev-is-out in OUTPUT unless the rule also says --physdev-is-bridged; test it in FORWARD or POSTROUTING", Severity.Error, Rules);
    // RL1232: what the TCPMSS target depends on.
    public static readonly DiagnosticDescriptor TcpMssWithoutSyn = new(
        "RL1232", "TCPMSS without a TCP SYN match", "TCPMSS rewrites the MSS option, which only a TCP SYN carries, so the rule must match -p tcp and SYN, but {0}; add -p tcp --tcp-flags SYN,RST SYN", Severity.Error, Rules);

    // RL2120–RL2122: the CT target's template (helper, zone). Declared before `All`.
    public static readonly DiagnosticDescriptor UnknownConntrackHelper = new(
        "RL2120", "Unknown conntrack helper", "'{0}' is not a conntrack helper the kernel has; name one of {1} (case matters)", Severity.Error, Rules);

    public static readonly DiagnosticDescriptor HelperWithoutItsProtocol = new(
        "RL2121", "Conntrack helper without its protocol", "helper '{0}' follows {1} connections, so the rule must match -p {1}, or the kernel refuses it; its protocol is {2}", Severity.Error, Rules);

    public static readonly DiagnosticDescriptor EmptyCtTarget = new(
        "RL2122", "CT target that sets nothing", "this CT target names no helper and no zone, so it changes nothing; give it a helper or a zone, or remove it", Severity.Error, Rules);

    // RL0422–RL0423: named sets in the .rl text language.
    public static readonly DiagnosticDescriptor RlUnknownSet = new(
        "RL0422", "Unknown set", "'@{0}' is not a set declared above; declare it first with 'set {0} TYPE {{ … }}' or 'external set {0} TYPE'", Severity.Error, Text);

    public static readonly DiagnosticDescriptor RlSetWrongKind = new(
        "RL0423", "Set of the wrong kind for its keyword", "set '{0}' holds {1}, which '{2}' does not compare; test it with {3}", Severity.Error, Text);

    // RL1221–RL1223, RL2125–RL2127: named sets (-m set, nft @name; docs/sets.md).
    public static readonly DiagnosticDescriptor SetNotDeclared = new(
        "RL1221", "Set not declared", "the rule tests set '{0}', but the policy declares no such set; declare it (C#: p.Set or p.ExternalSet; .rl: set or external set) or correct the name", Severity.Error, Rules);

    public static readonly DiagnosticDescriptor SetDeclaredTwice = new(
        "RL1222", "Set declared twice", "set '{0}' is declared twice; ipset and nft hold one set of a name, so merge the two or rename one", Severity.Error, Rules);

    public static readonly DiagnosticDescriptor SetDirectionsDoNotFit = new(
        "RL1223", "Set tested with the wrong number of directions", "set '{0}' holds elements of {1} value(s), but the rule gives {2} direction(s) ({3}); give one direction (src or dst) per value", Severity.Error, Rules);

    public static readonly DiagnosticDescriptor InvalidSetName = new(
        "RL2125", "Invalid set name", $"set name '{{0}}' {{1}}; a set name is 1 to {Sets.NamedSet.MaxNameLength} bytes of ASCII letters, digits, '-', '_' or '.', starting with a letter or '_'", Severity.Error, Rules);

    public static readonly DiagnosticDescriptor SetElementNotOfType = new(
        "RL2126", "Set element of the wrong kind", "element '{0}' of set '{1}' is not {2}; {3}", Severity.Error, Rules);

    public static readonly DiagnosticDescriptor SetMatchDoesNotFit = new(
        "RL2127", "Set test that does not fit the rule", "the test of set '{0}' {1}; {2}", Severity.Error, Rules);

    public static readonly IReadOnlyList<DiagnosticDescriptor> All = new[]
    {
        InvalidAddress, HostBitsSet, PortOutOfRange, PortRangeReversed, InvalidInterfaceName, InvalidChainName,
        InvalidComment, ProbabilityOutOfRange, MixedAddressFamilies, TooManyPorts, ValueOutOfRange, InvalidPolicyName,
        UnknownBuiltinChain, DuplicateChain, PolicyOnUserChain, MissingChain, JumpLoop, UnreferencedChain,
        UnreachableRule, JumpToBuiltinChain, ShadowedRule, AssertionFails, AssertionUndecided, TargetNotInTable, TargetNotAtHook, InInterfaceAtHook, OutInterfaceAtHook,
        PortWithoutProtocol, NatPortWithoutProtocol, IcmpTypeWithoutProtocol, TcpResetWithoutTcp,
        ServiceWithoutEndpoints, AffinityTimeoutOutOfRange, ServicePortTwice, NotAKubernetesName, IgnoredServiceSetting, NoLocalEndpoints, ServiceCidrTwice,
        PolicyBuildFailed, NoPolicies, DuplicatePolicyName, RulesetOutOfDate,
        NoFaithfulNftForm,
        UnsupportedImportOption, UnsupportedImportTarget, MalformedImportValue, UnbalancedImportQuote,
        ImportedRuleWithoutTarget, ImportOptionTwice, NotARuleCommand,
        MalformedDump, FamiliesDisagree, OneFamilyOnly, EmptyProtocolModule, OneFamilyDump, DumpNotUtf8, UnsupportedNftStatement, MalformedNftRuleset, OneFamilyNftTable, NotWritableAsSource,
        RlSyntaxError, RlBlockNotClosed, RlMissingPolicyLine, RlPolicyNamedTwice, RlNumberTooLarge, RlUnknownDefinition,
        RlDefinitionUsedBeforeDefined, RlDefinitionTwice, RlDefinitionWrongKind, RlIncludeNotFound, RlIncludeCycle,
        RlUnknownIcmpType, RlNegatedAddressList, RlNoAddressPair, RlNotUtf8,
        KubeNotJson, KubeBadField, KubeServiceSkipped, KubeIgnored, KubeSettingNotUsed, KubeNotUnicode, KubeLenientAddress,
        PacketNotUnderstood,
        IncludeOutsideAllowedFolders, NotARegularFile, FileTooLarge, OutputNotWritten, FileNotReadable, NotRlText,
        InvalidNamespaceOption, UnexpectedFailure,
        NotRoot, ToolMissing, ApplyStepFailed, RollbackFailed, OwnChainsNotPlaced, ApplyAlreadyPending, NothingPending,
        NoRulesets, SeveralPolicies, LiveReadFailed, LiveRulesetDrifted, BadConfirmPeriod, OptionsConflict,
        NftScriptNotApplicable, NoSuchNetns, RollbackTimerNotStarted, NotConfirmed, MissingInputs,
        ConnectionWouldBeCut, KeptFlowNotUnderstood, SshConnectionNotUnderstood, ConntrackNotRead, NewSessionMayBeRefused,
        LockoutProofUndecided, LockoutProofForced,
        OwnChainsDropPolicy, JumpToUndeclaredChain, ExternalChainDefined, ChainSettingsWithoutOwnChains, InvalidChainPrefix,
        OwnedChainNameTaken, ExternalJumpInNft, RlOwnsTwice, OwnsOptionOverridden,
        TcpFlagsWithoutTcp,
        OwnerAtHook, OwnerIdByName,
        PhysdevOutAtOutput,
        TcpMssWithoutSyn,
        UnknownConntrackHelper,
        HelperWithoutItsProtocol,
        EmptyCtTarget,
        RlUnknownSet, RlSetWrongKind, SetNotDeclared, SetDeclaredTwice, SetDirectionsDoNotFit, InvalidSetName, SetElementNotOfType, SetMatchDoesNotFit,
    };
}
