namespace RuleLang;

/// <summary>A hook where MASQUERADE works: it needs the output interface's address, known only in POSTROUTING.</summary>
public interface IMasqueradeHook : IHook
{
}
