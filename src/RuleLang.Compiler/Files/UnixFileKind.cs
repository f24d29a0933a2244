namespace RuleLang.Compiler.Files;

/// <summary>The file types of stat(2)'s st_mode.</summary>
public enum UnixFileKind
{
    RegularFile,
    Folder,
    SymbolicLink,
    NamedPipe,
    CharacterDevice,
    BlockDevice,
    Socket,
    Other,
}
