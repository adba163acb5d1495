"""Faults injected for real against the output-folder promises (interface.md, README
"What riskdoc guarantees"): the output folder holds exactly one complete run — the files its
summary.json lists — whatever happens while a run writes it.

- disk: a full file system (a small tmpfs; skipped, with the reason, where mounting is not
  allowed) — every job exits 1, the previous run stays byte for byte, nothing else is left;
- kill: kill -9 at several moments of a long run — the folder holds the old run or the new
  one, never a mix; the next run removes what the killed one left; SIGTERM cleans up at once;
- lock: a second run into the same folder while one runs fails at once (exit 1);
- folders: a folder of the user's files is refused (exit 2) and untouched; a re-run leaves no
  stale 交办单; symlinks planted in or as the folder are never followed; a read-only folder is
  an error, not chmod; a shared 2775 folder keeps its mode;
- locale: the outputs under LC_ALL=de_DE.UTF-8 are byte-identical to those under C.UTF-8.
- typeset: `riskdoc typeset -o` writes through the same policy.
Usage: test_faults.py [disk|kill|lock|folders|typeset|locale]"""
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rdjobs  # noqa: E402

BASE = ["--config", rdjobs.CONFIG, "--report-date", "2024-05-31", "--quiet"]
JOBS = {
    "monthly": ["monthly", "--period", "2024-05"],
    "event": ["event", "--event", "成都大运会"],
    "ledger": ["ledger"],
}


def args_for(job, out, inputs=(rdjobs.FIXTURES,), extra=()):
    return JOBS[job] + BASE + ["-o", out, *extra, *inputs]


def start(args, env=None):
    return subprocess.Popen([rdjobs.RISKDOC] + list(args), cwd=rdjobs.SRC, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, **(env or {})))


def listing(folder):
    """{relative path: sha256} of every file under folder; folders as path/ -> None."""
    out = {}
    for rel in rdjobs.tree(folder):
        out[rel] = None if rel.endswith("/") else rdjobs.sha256(os.path.join(folder, rel))
    return out


def is_complete_run(folder):
    """The folder holds exactly the files its summary.json lists, with their hashes."""
    summary = rdjobs.load_json(os.path.join(folder, "summary.json"))
    files = {o["path"]: o["sha256"] for o in summary["outputs"]}
    on_disk = {k: v for k, v in listing(folder).items() if v and k != "summary.json"}
    return files == on_disk, summary


class Case(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="rd-faults-")

    def tearDown(self):
        subprocess.run(["chmod", "-R", "u+rwx", self.tmp])
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_ok(self, args, expect=0, env=None):
        p = rdjobs.riskdoc(args) if not env else subprocess.run(
            [rdjobs.RISKDOC] + list(args), cwd=rdjobs.SRC, capture_output=True, text=True,
            timeout=300, env=dict(os.environ, **env))
        self.assertEqual(p.returncode, expect, "riskdoc %s:\n%s" % (" ".join(args), p.stderr[-3000:]))
        return p

    def assert_only(self, parent, names):
        self.assertEqual(sorted(os.listdir(parent)), sorted(names),
                         "only the output folder is left (no staging, temporary or lock file)")


class Disk(Case):
    """A full file system: every job exits 1 and the previous run stays as it was."""

    def setUp(self):
        super().setUp()
        self.mnt = os.path.join(self.tmp, "mnt")
        os.mkdir(self.mnt)
        p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m,mode=0755", "tmpfs", self.mnt],
                           capture_output=True, text=True)
        if p.returncode != 0:
            self.skipTest("cannot mount a tmpfs here (%s): needs root" % p.stderr.strip())

    def tearDown(self):
        subprocess.run(["umount", self.mnt], capture_output=True)
        super().tearDown()

    def test_every_job_on_a_full_disk(self):
        for job in JOBS:
            with self.subTest(job=job):
                out = os.path.join(self.mnt, job)
                # a complete previous run of the small ledger fits ...
                small = os.path.join(self.tmp, "small-" + job)
                shutil.copytree(rdjobs.FIXTURES, small, ignore=lambda d, n: [
                    f for f in n if f.endswith(".csv") and f not in sorted(n)[:2]])
                self.run_ok(args_for(job, out, inputs=(small,)))
                before = listing(out)
                # ... the full ledger's documents do not, once the disk is filled up
                with open(os.path.join(self.mnt, "filler"), "wb") as f:
                    try:
                        f.write(b"\0" * (8 * 1024 * 1024))
                    except OSError:
                        pass
                p = self.run_ok(args_for(job, out), expect=1)
                self.assertIn("No space left on device", p.stderr)
                self.assertIn("保持原样", p.stderr)
                self.assertEqual(listing(out), before, "the previous run is untouched")
                self.assertTrue(is_complete_run(out)[0])
                self.assert_only(self.mnt, [job, "filler"])
                os.unlink(os.path.join(self.mnt, "filler"))
                shutil.rmtree(out)


class Kill(Case):
    """kill -9 at several moments of a long run (the 3,000-row ledger, ~1,100 pages)."""

    @classmethod
    def setUpClass(cls):
        cls.big = tempfile.mkdtemp(prefix="rd-faults-big-")
        subprocess.run(["/usr/bin/python3", os.path.join(rdjobs.SRC, "bench", "gen_ledgers.py"),
                        "--communities", "6", "--rows-per-community", "500", "--out", cls.big],
                       check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.big, ignore_errors=True)

    def test_kill_9_leaves_old_or_new_run(self):
        out = os.path.join(self.tmp, "ledger")
        self.run_ok(args_for("ledger", out))                       # the old run: fixtures
        old = listing(out)
        # how long the new run takes, to spread the kills over it
        t0 = time.monotonic()
        self.run_ok(args_for("ledger", os.path.join(self.tmp, "timing"), inputs=(self.big,)))
        duration = time.monotonic() - t0
        shutil.rmtree(os.path.join(self.tmp, "timing"))
        seen_old = seen_new = 0
        for fraction in (0.02, 0.15, 0.4, 0.7, 0.9, 0.97):
            p = start(args_for("ledger", out, inputs=(self.big,)))
            time.sleep(duration * fraction)
            p.send_signal(signal.SIGKILL)
            p.wait()
            complete, summary = is_complete_run(out)
            self.assertTrue(complete, "after kill -9 at %.0f%%: a mix of runs" % (fraction * 100))
            if listing(out) == old:
                seen_old += 1
            else:
                self.assertEqual(summary["rows"]["read"], 3000)
                seen_new += 1
                old = listing(out)
        self.assertGreater(seen_old, 0, "no kill landed before the new run was in place")
        # the next run removes what killed runs left beside the folder
        self.run_ok(args_for("ledger", out))
        self.assert_only(self.tmp, ["ledger"])
        self.assertTrue(is_complete_run(out)[0])

    def test_sigterm_cleans_up_at_once(self):
        out = os.path.join(self.tmp, "ledger")
        self.run_ok(args_for("ledger", out))
        old = listing(out)
        p = start(args_for("ledger", out, inputs=(self.big,)))
        deadline = time.monotonic() + 30
        while not any(".riskdoc-stage-" in n for n in os.listdir(self.tmp)):
            self.assertLess(time.monotonic(), deadline, "no staging folder appeared")
            time.sleep(0.01)
        time.sleep(0.2)
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=30)
        self.assertEqual(p.returncode, -signal.SIGTERM, "dies of the signal (exit status says so)")
        self.assertEqual(listing(out), old)
        self.assert_only(self.tmp, ["ledger"])


class Lock(Case):
    def test_second_concurrent_run_fails_at_once(self):
        big = os.path.join(self.tmp, "big")
        subprocess.run(["/usr/bin/python3", os.path.join(rdjobs.SRC, "bench", "gen_ledgers.py"),
                        "--communities", "4", "--rows-per-community", "500", "--out", big],
                       check=True, capture_output=True)
        out = os.path.join(self.tmp, "out", "ledger")
        first = start(args_for("ledger", out, inputs=(big,)))
        lock = os.path.join(self.tmp, "out", ".ledger.riskdoc-lock")
        deadline = time.monotonic() + 30
        while not os.path.exists(lock):
            self.assertLess(time.monotonic(), deadline, "the first run took no lock")
            time.sleep(0.005)
        t0 = time.monotonic()
        second = rdjobs.riskdoc(args_for("monthly", out))
        self.assertLess(time.monotonic() - t0, 5, "fails at once, does not wait")
        self.assertEqual(second.returncode, 1, second.stderr)
        self.assertIn("另一个 riskdoc 正在写入", second.stderr)
        self.assertEqual(first.wait(timeout=300), 0, first.stderr.read())
        complete, summary = is_complete_run(out)
        self.assertTrue(complete)
        self.assertEqual(summary["job"], "ledger", "the first run's files, not a mix")
        self.assert_only(os.path.join(self.tmp, "out"), ["ledger"])


class Folders(Case):
    def test_users_folder_is_refused_untouched(self):
        desk = os.path.join(self.tmp, "桌面")
        os.mkdir(desk)
        for name, data in (("报告.docx", b"mine"), ("summary.json", b"{not ours")):
            with open(os.path.join(desk, name), "wb") as f:
                f.write(data)
        before = listing(desk)
        for job in JOBS:
            p = self.run_ok(args_for(job, desk), expect=2)
            self.assertIn("不是上一次 riskdoc 运行写下的文件", p.stderr)
            self.assertEqual(listing(desk), before)
        self.assert_only(self.tmp, ["桌面"])

    def test_previous_run_with_an_extra_file_is_refused(self):
        out = os.path.join(self.tmp, "m")
        self.run_ok(args_for("monthly", out))
        with open(os.path.join(out, "领导批示.txt"), "w") as f:
            f.write("请修改第三段")
        p = self.run_ok(args_for("monthly", out), expect=2)
        self.assertIn("领导批示.txt", p.stderr)
        self.assertTrue(os.path.exists(os.path.join(out, "领导批示.txt")))

    def test_rerun_replaces_the_whole_run(self):
        out = os.path.join(self.tmp, "event")
        self.run_ok(args_for("event", out, inputs=(rdjobs.FIXTURES, rdjobs.PREVIOUS)))
        many = len(os.listdir(os.path.join(out, "交办单")))
        small = os.path.join(self.tmp, "one")
        os.mkdir(small)
        first = sorted(f for f in os.listdir(rdjobs.FIXTURES) if f.endswith(".csv"))[0]
        shutil.copy(os.path.join(rdjobs.FIXTURES, first), small)
        self.run_ok(args_for("event", out, inputs=(small,)))
        complete, summary = is_complete_run(out)
        self.assertTrue(complete, "no stale 交办单 survive a re-run")
        self.assertLess(len(os.listdir(os.path.join(out, "交办单"))), many)
        # another job's run into the same folder replaces it too: one run per folder
        self.run_ok(args_for("monthly", out))
        complete, summary = is_complete_run(out)
        self.assertTrue(complete)
        self.assertEqual(summary["job"], "monthly")
        self.assertFalse(os.path.exists(os.path.join(out, "交办单")))
        self.assert_only(self.tmp, ["event", "one"])

    def test_symlinks_are_never_followed(self):
        outside = os.path.join(self.tmp, "outside")
        os.mkdir(outside)
        out = os.path.join(self.tmp, "event")
        self.run_ok(args_for("event", out))
        # a 交办单 symlink planted in a previous run's folder
        shutil.rmtree(os.path.join(out, "交办单"))
        os.symlink(outside, os.path.join(out, "交办单"))
        p = self.run_ok(args_for("event", out), expect=2)
        self.assertIn("交办单", p.stderr)
        self.assertEqual(os.listdir(outside), [], "nothing written through the symlink")
        # the output folder itself a symlink
        link = os.path.join(self.tmp, "link")
        os.symlink(outside, link)
        self.run_ok(args_for("event", link), expect=2)
        self.assertEqual(os.listdir(outside), [])
        self.assertTrue(os.path.islink(link))
        # the lock file's name planted as a symlink to a file of the user's
        victim = os.path.join(outside, "victim")
        with open(victim, "w") as f:
            f.write("keep")
        os.symlink(victim, os.path.join(self.tmp, ".fresh.riskdoc-lock"))
        self.run_ok(args_for("event", os.path.join(self.tmp, "fresh")), expect=1)
        with open(victim) as f:
            self.assertEqual(f.read(), "keep")
        self.assertEqual(os.listdir(outside), ["victim"])

    def test_untypesettable_document_is_kept_beside(self):
        """A template that makes a document the typesetter refuses: exit 1, the previous run
        stays, and the generated text is kept beside the folder at the line the message names."""
        data = os.path.join(self.tmp, "data")
        shutil.copytree(os.path.join(rdjobs.SRC, "templates"), os.path.join(data, "templates"))
        os.mkdir(os.path.join(data, "fonts"))
        out = os.path.join(self.tmp, "m")
        self.run_ok(args_for("monthly", out))
        before = listing(out)
        with open(os.path.join(data, "templates", "monthly", "notice.mustache"), "a",
                  encoding="utf-8") as f:
            f.write("@表格 列宽=abc\n| a | b |\n")
        p = self.run_ok(args_for("monthly", out), expect=1, env={"RISKDOC_DATADIR": data})
        kept = out + "-通报.txt"
        m = __import__("re").search(r"已保存为 (\S+)：通报\.txt:(\d+):", p.stderr)
        self.assertIsNotNone(m, p.stderr)
        self.assertEqual(m.group(1), kept)
        with open(kept, encoding="utf-8") as f:
            self.assertTrue(f.read().splitlines()[int(m.group(2)) - 1].startswith("@表格 列宽=abc"))
        self.assertEqual(listing(out), before, "the previous run stays")
        self.assert_only(self.tmp, ["data", "m", "m-通报.txt"])
        # typeset again once the template is mended: the kept text is stale and goes
        shutil.copy(os.path.join(rdjobs.SRC, "templates", "monthly", "notice.mustache"),
                    os.path.join(data, "templates", "monthly", "notice.mustache"))
        self.run_ok(args_for("monthly", out), env={"RISKDOC_DATADIR": data})
        self.assert_only(self.tmp, ["data", "m"])

    def test_modes(self):
        made = os.path.join(self.tmp, "new", "deeper", "m")
        self.run_ok(args_for("monthly", made))
        self.assertEqual(os.stat(made).st_mode & 0o7777, 0o700)
        for rel in rdjobs.tree(made):
            self.assertEqual(os.stat(os.path.join(made, rel)).st_mode & 0o777, 0o600, rel)
        # a shared folder keeps its mode (setgid included)
        shared = os.path.join(self.tmp, "shared")
        os.mkdir(shared)
        os.chmod(shared, 0o2775)
        self.run_ok(args_for("monthly", shared))
        self.assertEqual(os.stat(shared).st_mode & 0o7777, 0o2775)
        self.run_ok(args_for("monthly", shared))
        self.assertEqual(os.stat(shared).st_mode & 0o7777, 0o2775, "and keeps it on a re-run")
        # a read-only folder is an error, not chmod'ed and written into
        ro = os.path.join(self.tmp, "ro")
        os.mkdir(ro)
        os.chmod(ro, 0o500)
        p = self.run_ok(args_for("monthly", ro), expect=1)
        self.assertIn("不可写入", p.stderr)
        self.assertEqual(os.stat(ro).st_mode & 0o7777, 0o500)
        self.assertEqual(os.listdir(ro), [])


class Typeset(Case):
    """riskdoc typeset -o uses the same policy: a failed write leaves nothing, a symlink at
    the output name is replaced, never written through."""

    def typeset(self, out, expect=0, file_limit=None):
        doc = os.path.join(rdjobs.SRC, "templates", "examples", "001-issued-notice.txt")
        p = subprocess.run([rdjobs.RISKDOC, "typeset", "--quiet", "-o", out, doc], cwd=rdjobs.SRC,
                           capture_output=True, text=True, timeout=120,
                           preexec_fn=(lambda: rdjobs.limit_file_size(file_limit)) if file_limit else None)
        self.assertEqual(p.returncode, expect, p.stderr)
        return p

    def test_failed_write_leaves_nothing(self):
        out = os.path.join(self.tmp, "通知.pdf")
        p = self.typeset(out, expect=1, file_limit=50_000)
        self.assertIn("File too large", p.stderr)
        self.assertEqual(os.listdir(self.tmp), [])

    def test_symlink_at_the_output_name_is_replaced(self):
        victim = os.path.join(self.tmp, "victim.txt")
        with open(victim, "w") as f:
            f.write("keep")
        out = os.path.join(self.tmp, "通知.pdf")
        os.symlink(victim, out)
        self.typeset(out)
        self.assertFalse(os.path.islink(out))
        self.assertGreater(rdjobs.pdf_pages(out), 0)
        with open(victim) as f:
            self.assertEqual(f.read(), "keep")
        self.assertEqual(sorted(os.listdir(self.tmp)), ["victim.txt", "通知.pdf"])


    def test_what_a_killed_typeset_left_is_removed_next_time(self):
        """kill -9 leaves the temporary file beside FILE; the next typeset into that folder
        removes it, but never a temporary file a live writer still holds."""
        big = os.path.join(self.tmp, "big.txt")
        with open(big, "w") as f:
            f.write("---\n标题: 关于长文档的通知\n版头: 否\n---\n")
            f.write(("这是一段用来拖长排版时间的正文，内容重复而无意义。" * 40 + "\n\n") * 400)
        out_dir = os.path.join(self.tmp, "folder")
        os.mkdir(out_dir)
        left = []
        for _ in range(40):
            p = start(["typeset", "--quiet", "-o",
                       os.path.join(out_dir, "长.pdf"), big])
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and p.poll() is None:
                left = [n for n in os.listdir(out_dir) if n.endswith(".tmp")]
                if left:
                    break
                time.sleep(0.005)
            p.kill()
            p.wait()
            left = [n for n in os.listdir(out_dir) if n.endswith(".tmp")]
            if left:
                break
        self.assertTrue(left, "no kill -9 landed while the temporary file existed")
        # a temporary file another (live) writer holds: locked, as riskdoc locks its own
        held = os.path.join(out_dir, ".riskdoc-livewr.tmp")
        with open(held, "w") as h:
            fcntl.flock(h, fcntl.LOCK_EX)
            old = time.time() - 7200   # past the sweep's one-hour guard
            for n in left + [os.path.basename(held)]:
                os.utime(os.path.join(out_dir, n), (old, old))
            self.typeset(os.path.join(out_dir, "通知.pdf"))
            self.assertEqual(sorted(os.listdir(out_dir)), [".riskdoc-livewr.tmp", "通知.pdf"])


class Locale(Case):
    def setUp(self):
        super().setUp()
        have = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
        if "de_de.utf8" not in have:
            p = subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8", "de_DE.UTF-8"],
                               capture_output=True, text=True)
            if p.returncode != 0:
                self.skipTest("no de_DE.UTF-8 locale and localedef cannot build it: " + p.stderr)

    def test_outputs_do_not_depend_on_the_locale(self):
        for job in JOBS:
            with self.subTest(job=job):
                c = os.path.join(self.tmp, job + "-C")
                de = os.path.join(self.tmp, job + "-de")
                extra = ["--previous", rdjobs.PREVIOUS] if job == "monthly" else []
                self.run_ok(args_for(job, c, extra=extra), env={"LC_ALL": "C.UTF-8"})
                self.run_ok(args_for(job, de, extra=extra), env={"LC_ALL": "de_DE.UTF-8"})
                self.assertEqual(listing(c), listing(de), "same bytes under C and de_DE")


if __name__ == "__main__":
    names = {"disk": Disk, "kill": Kill, "lock": Lock, "folders": Folders, "typeset": Typeset,
             "locale": Locale}
    which = sys.argv[1:] or list(names)
    suite = unittest.TestSuite(unittest.defaultTestLoader.loadTestsFromTestCase(names[w])
                               for w in which)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
