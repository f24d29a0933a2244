namespace RuleLang.Model.Values;

public enum ConnmarkMode
{
    Set,
    Save,
    Restore,
}
