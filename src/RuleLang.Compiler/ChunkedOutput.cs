using System;
using System.Collections.Generic;
using System.IO;

namespace RuleLang.Compiler;

/// <summary>
/// A write-only stream that keeps what is written in 64 KB blocks and hands it over as one exact array at the end.
/// A large cluster's ruleset is tens of megabytes: a MemoryStream sized from an estimate, then copied to the exact
/// length, put two such arrays on the large object heap per ruleset, and each large allocation brings the next
/// full garbage collection closer.
/// </summary>
internal sealed class ChunkedOutput : Stream
{
    private const int BlockSize = 64 * 1024;

    private readonly List<byte[]> _blocks = new();
    private int _used = BlockSize;
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        while (count > 0)
        {
            if (_used == BlockSize)
            {
                _blocks.Add(new byte[BlockSize]);
                _used = 0;
            }
            int take = Math.Min(count, BlockSize - _used);
            Buffer.BlockCopy(buffer, offset, _blocks[_blocks.Count - 1], _used, take);
            _used += take;
            _length += take;
            offset += take;
            count -= take;
        }
    }

    public byte[] ToArray()
    {
        var content = new byte[_length];
        long at = 0;
        foreach (byte[] block in _blocks)
        {
            int take = (int)Math.Min(BlockSize, _length - at);
            Buffer.BlockCopy(block, 0, content, (int)at, take);
            at += take;
        }
        return content;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
