"""The Debian package, as an office installs it.

Builds the package (cmake --build BUILD --target package), checks its control fields
(Depends computed from the shared libraries, Recommends the fonts, the project's version),
runs lintian on it (no error-level finding), unpacks it into a temporary root (dpkg -x) and
runs the installed program from another folder with RISKDOC_DATADIR unset: the monthly job
on the fixtures with the installed example profile, the user's profile from
~/.config/riskdoc/, the zh_CN messages from the installed catalogue; the installed man page
renders without warnings and the installed completion lists the commands.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

BUILD = os.environ["RISKDOC_BUILD_DIR"]
SRC = os.environ["RISKDOC_SOURCE_DIR"]
VERSION = sys.argv[1]


def expect(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)


def sh(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=600, **kw)


def build_package():
    for old in glob.glob(os.path.join(BUILD, "riskdoc_*.deb")):
        os.unlink(old)
    r = sh(["cmake", "--build", BUILD, "--target", "package"])
    expect(r.returncode == 0, "package target: " + r.stdout[-2000:] + r.stderr[-2000:])
    debs = glob.glob(os.path.join(BUILD, "riskdoc_*.deb"))
    expect(len(debs) == 1, "one .deb, found %s" % debs)
    return debs[0]


def control(deb):
    fields = {}
    for name in ("Package", "Version", "Depends", "Recommends", "Architecture"):
        fields[name] = sh(["dpkg-deb", "-f", deb, name]).stdout.strip()
    expect(fields["Package"] == "riskdoc" and fields["Version"] == VERSION, "control: %s" % fields)
    for lib in ("libglib2.0-0", "libpango-1.0-0", "libcairo2", "libxlsxwriter", "libcsv",
                "libjson-glib"):
        expect(lib in fields["Depends"], "Depends names %s: %s" % (lib, fields["Depends"]))
    expect("fonts-noto-cjk" in fields["Recommends"], "Recommends the fonts: " + fields["Recommends"])
    print("ok: control", fields["Depends"])


def lintian(deb):
    r = sh(["lintian", "--fail-on", "error", "--no-tag-display-limit", deb])
    findings = [l for l in r.stdout.splitlines() if re.match(r"^[EWIP]: ", l)]
    for l in findings:
        print("lintian:", l)
    expect(r.returncode == 0 and not any(l.startswith("E: ") for l in findings),
           "lintian error-level findings (exit %d)" % r.returncode)
    print("ok: lintian")


def installed(deb, tmp):
    root = os.path.join(tmp, "root")
    r = sh(["dpkg", "-x", deb, root])
    expect(r.returncode == 0, "dpkg -x: " + r.stderr)
    usr = os.path.join(root, "usr")
    for path in ("bin/riskdoc", "share/riskdoc/templates/office.example.ini",
                 "share/riskdoc/templates/documents.ini", "share/riskdoc/fonts/README.md",
                 "share/man/man1/riskdoc.1.gz", "share/bash-completion/completions/riskdoc",
                 "share/doc/riskdoc/copyright", "share/doc/riskdoc/docs/summary-json.md",
                 "share/locale/zh_CN/LC_MESSAGES/riskdoc.mo"):
        expect(os.path.exists(os.path.join(usr, path)), "installed " + path)
    docs_link_inside(os.path.join(usr, "share", "doc", "riskdoc"))
    return usr


def docs_link_inside(doc):
    """Every relative link and picture of the installed README and docs resolves there."""
    pages = [os.path.join(doc, "README.md")] + glob.glob(os.path.join(doc, "docs", "*.md"))
    expect(len(pages) > 1, "README.md and docs/*.md installed")
    links = 0
    for page in pages:
        with open(page, encoding="utf-8") as f:
            for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", f.read()):
                links += 1
                path = os.path.normpath(os.path.join(os.path.dirname(page), target))
                expect(os.path.isfile(path), "%s links %s, not installed" % (page, target))
    expect(links >= 10, "the README's pictures and pages are linked (%d links)" % links)
    print("ok: %d links of the installed docs resolve" % links)


def clean_env(home):
    env = {k: v for k, v in os.environ.items()
           if k not in ("RISKDOC_DATADIR", "XDG_CONFIG_HOME", "LANGUAGE")}
    env.update(HOME=home, LANG="C.UTF-8", LC_ALL="")
    return env


def run_installed(usr, tmp):
    home = os.path.join(tmp, "home")
    ledgers = os.path.join(home, "ledgers")
    shutil.copytree(os.path.join(SRC, "fixtures", "2024-05"), os.path.join(ledgers, "2024-05"))
    shutil.copytree(os.path.join(SRC, "fixtures", "2024-04"), os.path.join(ledgers, "2024-04"))
    env = clean_env(home)
    riskdoc = os.path.join(usr, "bin", "riskdoc")
    profile = os.path.join(usr, "share", "riskdoc", "templates", "office.example.ini")
    r = sh([riskdoc, "monthly", "--config", profile, "--period", "2024-05", "--previous",
            "ledgers/2024-04", "ledgers/2024-05"], cwd=home, env=env)
    expect(r.returncode == 0, "installed monthly: " + r.stderr[-2000:])
    out = os.path.join(home, "out", "monthly-2024-05")
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    kinds = {o["kind"] for o in summary["outputs"]}
    expect({"notice-pdf", "list-xlsx"} <= kinds, "outputs: %s" % kinds)
    expect(summary["rows"]["used"] > 0 and summary["doc_number"], "figures and number")
    text = sh(["pdftotext", os.path.join(out, "通报.pdf"), "-"]).stdout
    expect("通报" in text and summary["doc_number"] in text, "the notice's text")
    expect("fonts:" in r.stderr, "font report")
    print("ok: installed monthly from", home)

    # the user's own profile, found without --config
    os.makedirs(os.path.join(home, ".config", "riskdoc"))
    shutil.copy(profile, os.path.join(home, ".config", "riskdoc", "office.ini"))
    r = sh([riskdoc, "check", "-o", "out/check", "ledgers/2024-05"], cwd=home, env=env)
    expect(r.returncode == 3 and "不在分类表中" in r.stdout, "check with ~/.config profile: " + r.stderr)
    r = sh([riskdoc, "event", "--event", "大运会", "-q", "-o", "out/event", "ledgers/2024-05"],
           cwd=home, env=env)
    expect(r.returncode == 0, "event with ~/.config/riskdoc/office.ini: " + r.stderr)
    print("ok: ~/.config/riskdoc/office.ini")

    # the catalogue installed beside the program
    if "zh_cn.utf8" in sh(["locale", "-a"]).stdout.lower():
        zh = sh([riskdoc, "--help"], env=dict(env, LANG="zh_CN.UTF-8"))
        expect(zh.stdout.startswith("用法："), "installed zh_CN --help: " + zh.stdout[:60])
        print("ok: installed zh_CN messages")
    else:
        print("note: no zh_CN.UTF-8 locale here: installed catalogue not tried")


def man_and_completion(usr):
    page = os.path.join(usr, "share", "man", "man1", "riskdoc.1.gz")
    r = sh(["man", "--warnings", "-l", page], env=dict(os.environ, MANWIDTH="80", LANG="C.UTF-8"))
    expect(r.returncode == 0 and not r.stderr.strip(), "man --warnings: " + r.stderr)
    for section in ("SYNOPSIS", "COMMANDS", "OPTIONS", "EXIT STATUS", "FILES", "EXAMPLES"):
        expect(section in r.stdout, "man page has " + section)
    for word in ("monthly", "event", "ledger", "check", "typeset", "--doc-number", "--allow-empty"):
        expect(word in r.stdout.replace("\u2010", "-"), "man page names " + word)
    print("ok: man page")
    completion = os.path.join(usr, "share", "bash-completion", "completions", "riskdoc")
    script = ('source /usr/share/bash-completion/bash_completion; source "$1"; '
              'COMP_WORDS=(riskdoc ""); COMP_CWORD=1; COMP_LINE="riskdoc "; COMP_POINT=8; '
              '_riskdoc; echo "${COMPREPLY[*]}"; '
              'COMP_WORDS=(riskdoc monthly --); COMP_CWORD=2; COMP_LINE="riskdoc monthly --"; '
              'COMP_POINT=${#COMP_LINE}; _riskdoc; echo "${COMPREPLY[*]}"')
    r = sh(["bash", "-c", script, "bash", completion])
    lines = r.stdout.splitlines()
    expect(r.returncode == 0 and len(lines) == 2, "completion ran: " + r.stdout + r.stderr)
    expect(set(lines[0].split()) >= {"monthly", "event", "ledger", "check", "typeset"},
           "completion lists the commands: " + lines[0])
    # every option monthly --help shows is completed
    helptext = sh([os.path.join(usr, "bin", "riskdoc"), "monthly", "--help"],
                  env=clean_env(usr)).stdout
    options = set(re.findall(r"(--[a-z-]+)", helptext.split("Application Options:")[1].split("\n\n")[0]))
    expect(options <= set(lines[1].split()), "completion lacks %s" % (options - set(lines[1].split())))
    print("ok: completion")


def main():
    tmp = tempfile.mkdtemp(prefix="riskdoc-package-")
    try:
        deb = build_package()
        control(deb)
        lintian(deb)
        usr = installed(deb, tmp)
        man_and_completion(usr)
        run_installed(usr, tmp)
    finally:
        shutil.rmtree(tmp)


main()
