using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;
using RuleLang.Live;

namespace RuleLang.Tests.Live;

/// <summary>Pending confirmations on disk: one per target, claimed by exactly one party, rolled back by the timer at the deadline.</summary>
public sealed class PendingStoreTests
{
    private static readonly LiveStep[] Rollback = { new("iptables-restore -c (restore filter)", "iptables-restore", new[] { "-c" }, "*filter\nCOMMIT\n") };
    private string _root = "";
    private PendingStore _store = null!;
    private readonly LiveTarget _target = new("rl-test");

    [SetUp]
    public void NewRoot()
    {
        _root = Path.Combine(Path.GetTempPath(), "rulelang-pending-" + Guid.NewGuid().ToString("N"));
        _store = new PendingStore(_root);
    }

    [TearDown]
    public void RemoveRoot()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void One_pending_apply_per_target_kept_where_only_root_can_read_it()
    {
        _store.Create(_target, Rollback, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Throws<PendingExistsException>(() => _store.Create(_target, Rollback, DateTimeOffset.UtcNow.AddMinutes(1)));
        _store.Create(LiveTarget.Host, Rollback, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.That(File.GetUnixFileMode(_root), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        Assert.That(Directory.GetDirectories(Path.Combine(_root, "staging")), Is.Empty, "no half-written pending apply left behind");
    }

    [Test]
    public void Exactly_one_of_many_racing_parties_claims_a_pending_apply()
    {
        for (int round = 0; round < 20; round++)
        {
            _store.Create(_target, Rollback, DateTimeOffset.UtcNow.AddMinutes(1));
            var claims = Enumerable.Range(0, 8).Select(_ => Task.Run(() => _store.Claim(_target))).ToArray();
            Task.WaitAll(claims);
            var winners = claims.Select(c => c.Result).Where(c => c is not null).ToArray();
            Assert.That(winners, Has.Length.EqualTo(1), $"round {round}");
            Assert.That(winners[0]!.Rollback.Single(), Is.EqualTo(Rollback[0]).Using<LiveStep>((a, b) => a.Name == b.Name && a.Stdin == b.Stdin && a.Args.SequenceEqual(b.Args)));
            Assert.That(winners[0]!.Target, Is.EqualTo(_target));
            winners[0]!.Dispose();
        }
    }

    [Test]
    public void The_timer_rolls_back_at_the_deadline_and_records_it()
    {
        _store.Create(_target, Rollback, DateTimeOffset.UtcNow.AddMilliseconds(300));
        var kernel = new ScriptedRunner();

        int code = RollbackTimer.Run(_store, _target, _ => kernel);

        Assert.That(code, Is.EqualTo(0));
        Assert.That(kernel.Log.Single(), Is.EqualTo(("iptables-restore -c", (string?)"*filter\nCOMMIT\n")));
        Assert.That(_store.ReadOutcome(_target), Does.StartWith("rolled-back "));
        Assert.That(_store.IsPending(_target), Is.False);
    }

    [Test]
    public void The_timer_stands_down_once_confirmed()
    {
        _store.Create(_target, Rollback, DateTimeOffset.UtcNow.AddSeconds(30));
        var kernel = new ScriptedRunner();
        var timer = Task.Run(() => RollbackTimer.Run(_store, _target, _ => kernel));

        using (var claim = _store.Claim(_target))
        {
            Assert.That(claim, Is.Not.Null);
        }

        Assert.That(timer.Wait(TimeSpan.FromSeconds(20)), Is.True, "the timer exits");
        Assert.That(kernel.Log, Is.Empty, "nothing rolled back");
    }

    [Test]
    public void A_moved_deadline_is_honoured_and_a_claimed_apply_cannot_be_moved()
    {
        _store.Create(_target, Rollback, DateTimeOffset.UtcNow.AddHours(1));
        var soon = DateTimeOffset.UtcNow.AddMilliseconds(200);
        Assert.That(_store.SetDeadline(_target, soon), Is.True);
        Assert.That(_store.ReadDeadline(_target), Is.EqualTo(soon));
        _store.Claim(_target)!.Dispose();
        Assert.That(_store.SetDeadline(_target, soon), Is.False);
    }
}
