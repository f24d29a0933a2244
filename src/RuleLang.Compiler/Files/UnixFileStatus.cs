using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.InteropServices;

namespace RuleLang.Compiler.Files;

/// <summary>
/// A file's type and size as the kernel reports them, without opening it. .NET has no public API that tells a
/// FIFO or a device from a regular file (FileAttributes says Normal for all three, and opening a FIFO blocks
/// until a writer comes), so this asks Linux's statx(2) and realpath(3) directly. statx's buffer has one layout
/// on every architecture, which is why it is used instead of stat's.
/// </summary>
public readonly record struct UnixFileStatus(UnixFileKind Kind, long Size)
{
    private const int AtCurrentFolder = -100; // AT_FDCWD
    private const int AtSymlinkNoFollow = 0x100; // AT_SYMLINK_NOFOLLOW
    private const uint WantTypeAndSize = 0x1 | 0x200; // STATX_TYPE | STATX_SIZE
    private const int StatxBufferSize = 256;
    private const int ModeOffset = 28; // __u16 stx_mode
    private const int SizeOffset = 40; // __u64 stx_size

    /// <summary>What <paramref name="path"/> is; a symbolic link is followed unless <paramref name="followLinks"/> is false.</summary>
    /// <returns>Null when there is nothing at the path (or part of it is not a folder).</returns>
    /// <exception cref="IOException">When the kernel refuses to say (no permission on a folder, for one).</exception>
    public static UnixFileStatus? Of(string path, bool followLinks = true)
    {
        var buffer = new byte[StatxBufferSize];
        if (statx(AtCurrentFolder, path, followLinks ? 0 : AtSymlinkNoFollow, WantTypeAndSize, buffer) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            if (error is 2 or 20) // ENOENT, ENOTDIR
            {
                return null;
            }
            throw new IOException(Marshal.GetPInvokeErrorMessage(error));
        }
        int mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(ModeOffset)) & 0xF000;
        long size = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(SizeOffset)), long.MaxValue);
        return new UnixFileStatus(KindOf(mode), size);
    }

    /// <summary>The path with every symbolic link, '.' and '..' resolved, or null when it does not exist.</summary>
    public static string? RealPath(string path)
    {
        IntPtr resolved = realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            free(resolved);
        }
    }

    /// <summary>How a file's kind reads in a sentence: "… is a named pipe (FIFO), not a regular file".</summary>
    public static string Describe(UnixFileKind kind) => kind switch
    {
        UnixFileKind.Folder => "a folder",
        UnixFileKind.SymbolicLink => "a symbolic link",
        UnixFileKind.NamedPipe => "a named pipe (FIFO)",
        UnixFileKind.CharacterDevice => "a character device",
        UnixFileKind.BlockDevice => "a block device",
        UnixFileKind.Socket => "a socket",
        UnixFileKind.RegularFile => "a regular file",
        _ => "a special file",
    };

    private static UnixFileKind KindOf(int mode) => mode switch
    {
        0x8000 => UnixFileKind.RegularFile,
        0x4000 => UnixFileKind.Folder,
        0xA000 => UnixFileKind.SymbolicLink,
        0x1000 => UnixFileKind.NamedPipe,
        0x2000 => UnixFileKind.CharacterDevice,
        0x6000 => UnixFileKind.BlockDevice,
        0xC000 => UnixFileKind.Socket,
        _ => UnixFileKind.Other,
    };

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code in this project; these three signatures marshal without it
    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);
#pragma warning restore SYSLIB1054
}
