#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that every translation in po/LINGUAS is complete and up to date.

Usage: test-translations.py SOURCE_ROOT
       test-translations.py --self-test

For each language listed in po/LINGUAS, fails when its .po file does not
pass `msgfmt --check` (format directives, plural forms, header), when a
message is untranslated or fuzzy, or when the file is stale: a message of a
template freshly extracted from the sources (xgettext over po/POTFILES.in
with the keywords of meson's i18n.gettext(preset: 'glib')) is missing from
it, or it still carries a message the sources no longer have. After changing
a translatable string, run `meson compile akin-pot akin-update-po` and
translate what it marks.

--self-test runs the check on a small generated tree and verifies that it
accepts a complete translation and rejects each kind of mistake.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

# The keywords and flags meson's 'glib' preset gives xgettext.
XGETTEXT_ARGS = [
    "--from-code=UTF-8",
    "--add-comments",
    "-k_",
    "--keyword=_",
    "--keyword=N_",
    "--keyword=C_:1c,2",
    "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2",
    "--keyword=g_dngettext:2,3",
    "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format",
    "--flag=C_:2:pass-c-format",
    "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format",
    "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format",
    "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format",
    "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format",
    "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format",
    "--flag=g_printerr:1:c-format",
    "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format",
    "--flag=g_sprintf:2:c-format",
    "--flag=g_snprintf:3:c-format",
]

STATISTICS = re.compile(r"(\d+) (translated|fuzzy|untranslated)")


def run(argv, cwd=None):
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True)


def read_linguas(root):
    with open(os.path.join(root, "po", "LINGUAS"), encoding="utf-8") as f:
        langs = []
        for line in f:
            line = line.split("#", 1)[0]
            langs.extend(line.split())
    return langs


def extract_template(root, workdir):
    """Writes a fresh template of the sources; returns its path or raises."""
    pot = os.path.join(workdir, "fresh.pot")
    proc = run(["xgettext", "--package-name=akin", "-f",
                os.path.join(root, "po", "POTFILES.in"), "-D", root,
                "-o", pot] + XGETTEXT_ARGS)
    if proc.returncode != 0 or not os.path.exists(pot):
        raise RuntimeError("xgettext failed:\n" + proc.stderr)
    return pot


def missing_messages(defined, reference):
    """msgcmp's report of the messages of @reference that @defined lacks
    (exact matches, translated or not), or "" when there are none."""
    proc = run(["msgcmp", "--no-fuzzy-matching", "--use-fuzzy", "--use-untranslated",
                defined, reference])
    if proc.returncode == 0:
        return ""
    return proc.stderr.strip() or "msgcmp failed"


def check(root):
    """Returns a list of problems, empty when every translation is complete."""
    problems = []
    with tempfile.TemporaryDirectory() as workdir:
        try:
            template = extract_template(root, workdir)
        except RuntimeError as e:
            return [str(e)]
        for lang in read_linguas(root):
            po = os.path.join(root, "po", lang + ".po")
            if not os.path.exists(po):
                problems.append("%s is in LINGUAS but po/%s.po does not exist" % (lang, lang))
                continue
            proc = run(["msgfmt", "--check", "--check-accelerators=_", "--statistics",
                        "-o", os.devnull, po])
            if proc.returncode != 0:
                problems.append("msgfmt --check rejects %s.po:\n%s" % (lang, proc.stderr.strip()))
            counts = {kind: int(n) for n, kind in STATISTICS.findall(proc.stderr)}
            for kind in ("fuzzy", "untranslated"):
                if counts.get(kind, 0) > 0:
                    problems.append("%s.po has %d %s message(s)" % (lang, counts[kind], kind))
            lacking = missing_messages(po, template)
            if lacking:
                problems.append("%s.po is stale, it lacks messages of the sources:\n%s"
                                % (lang, lacking))
            extra = missing_messages(template, po)
            if extra:
                problems.append("%s.po is stale, the sources no longer have:\n%s"
                                % (lang, extra))
    return problems


# ---------------------------------------------------------------- self-test

SELF_TEST_C = """\
#include <glib/gi18n.h>
static void f (guint n)
{
  g_print (_("Hello “%s”\\n"), "x");
  g_print (C_("menu", "Open"));
  g_print (g_dngettext (NULL, "%u song", "%u songs", n), n);
}
"""

SELF_TEST_PO = """\
msgid ""
msgstr ""
"Project-Id-Version: akin\\n"
"Language: de\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#, c-format
msgid "Hello “%s”\\n"
msgstr "Hallo „%s“\\n"

msgctxt "menu"
msgid "Open"
msgstr "Öffnen"

#, c-format
msgid "%u song"
msgid_plural "%u songs"
msgstr[0] "%u Titel"
msgstr[1] "%u Titel"
"""


def make_tree(base, name, po_text, c_text=SELF_TEST_C):
    root = os.path.join(base, name)
    os.makedirs(os.path.join(root, "po"))
    os.makedirs(os.path.join(root, "src"))
    with open(os.path.join(root, "src", "a.c"), "w", encoding="utf-8") as f:
        f.write(c_text)
    with open(os.path.join(root, "po", "POTFILES.in"), "w", encoding="utf-8") as f:
        f.write("src/a.c\n")
    with open(os.path.join(root, "po", "LINGUAS"), "w", encoding="utf-8") as f:
        f.write("de\n")
    with open(os.path.join(root, "po", "de.po"), "w", encoding="utf-8") as f:
        f.write(po_text)
    return root


def self_test():
    good = SELF_TEST_PO
    bad_cases = {
        "untranslated": good.replace('msgstr "Öffnen"', 'msgstr ""'),
        "fuzzy": good.replace('msgctxt "menu"', '#, fuzzy\nmsgctxt "menu"'),
        "format": good.replace('"Hallo „%s“\\n"', '"Hallo „%d“\\n"'),
        "plural form missing": good.replace('msgstr[1] "%u Titel"\n', ""),
        "missing message": good.replace('msgctxt "menu"\nmsgid "Open"\nmsgstr "Öffnen"\n', ""),
        "context dropped": good.replace('msgctxt "menu"\n', ""),
        "message no longer in the sources": good + '\nmsgid "Gone"\nmsgstr "Weg"\n',
    }
    failures = []
    with tempfile.TemporaryDirectory() as base:
        problems = check(make_tree(base, "good", good))
        if problems:
            failures.append("a complete translation is rejected: %s" % problems)
        for name, text in bad_cases.items():
            if not check(make_tree(base, name.replace(" ", "-"), text)):
                failures.append("a translation with a %s problem is accepted" % name)
        # A new string in the sources makes the translation stale.
        changed = SELF_TEST_C.replace('"Open"', '"Open…"')
        if not check(make_tree(base, "changed-source", good, changed)):
            failures.append("a translation of a changed source string is accepted")
    for failure in failures:
        print("FAIL:", failure)
    if not failures:
        print("self-test passed: %d broken translations rejected" % (len(bad_cases) + 1))
    return 1 if failures else 0


def main(argv):
    for tool in ("xgettext", "msgfmt", "msgcmp"):
        if shutil.which(tool) is None:
            print("%s not found: install gettext" % tool)
            return 1
    if len(argv) == 2 and argv[1] == "--self-test":
        return self_test()
    if len(argv) != 2:
        print(__doc__)
        return 2
    problems = check(argv[1])
    for problem in problems:
        print(problem)
    if problems:
        print("%d problem(s); run `meson compile akin-pot akin-update-po` and translate"
              % len(problems))
        return 1
    print("translations of %s are complete" % " ".join(read_linguas(argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
