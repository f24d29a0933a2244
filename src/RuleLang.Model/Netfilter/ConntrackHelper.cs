using System.Collections.Generic;

namespace RuleLang.Model.Netfilter;

/// <summary>A conntrack helper the kernel registers: its name, the layer-4 protocols it follows, and whether ip6tables has it.</summary>
public sealed record ConntrackHelper(string Name, IReadOnlyList<Protocol> Protocols, bool Ipv4Only);
