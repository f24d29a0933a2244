using System;
using System.Security.Cryptography;
using NUnit.Framework;

namespace RuleLang.Tests;

public class Sha256Tests
{
    [Test]
    public void Agrees_with_the_platform_on_every_length_up_to_three_blocks()
    {
        var random = new Random(20261125);
        for (int length = 0; length <= 200; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.That(Model.Intents.Sha256.Hash(data), Is.EqualTo(SHA256.HashData(data)), $"length {length}");
        }
    }
}
