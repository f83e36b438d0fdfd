#!/usr/bin/env python3
"""Tests for tools/db-typed.py: python3 tools/test_db_typed.py (from the
repository root; run by tests/run-all.sh). The last tests compile what the
converter wrote against core/include/vv/db.h with the project's warnings,
so a conversion that reads well but does not build fails here."""
import importlib.util
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
spec = importlib.util.spec_from_file_location("db_typed", os.path.join(HERE, "db-typed.py"))
dbt = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dbt)


def conv(src):
    return dbt.convert_source(textwrap.dedent(src), "t.c")


class Convert(unittest.TestCase):
    def same(self, before, after):
        out, refusals = conv(before)
        self.assertEqual(refusals, [])
        self.assertEqual(out, textwrap.dedent(after))

    def test_letters(self):
        self.same('n = vv_db_exec(a, "X ? ? ?", "sid", name, id, 2.5);\n',
                  'n = vv_db_exec(a, "X ? ? ?", VV_DB_ARGS(VV_DB_S(name), VV_DB_I(id), VV_DB_D(2.5)));\n')

    def test_query_and_null(self):
        self.same('r = vv_db_query(a, &err, "X ?", "s", NULL);\n',
                  'r = vv_db_query(a, &err, "X ?", VV_DB_ARGS(VV_DB_NULL));\n')

    def test_no_params(self):
        self.same('r = vv_db_query(a, &err, "X", NULL);\nn = vv_db_exec(a, "Y", "");\n',
                  'r = vv_db_query(a, &err, "X", VV_DB_NONE);\nn = vv_db_exec(a, "Y", VV_DB_NONE);\n')

    def test_casts(self):
        self.same('vv_db_exec(a, "???", "iii", (int64_t)x, (int64_t)p->q[2].r, (int64_t)f(x, y));\n',
                  'vv_db_exec(a, "???", VV_DB_ARGS(VV_DB_I(x), VV_DB_I(p->q[2].r), VV_DB_I(f(x, y))));\n')
        # (a + b) is computed before the cast either way; (int64_t)a * b
        # multiplies in 64 bits, so that cast stays.
        self.same('vv_db_exec(a, "??", "ii", (int64_t)(a + b), (int64_t)a * b);\n',
                  'vv_db_exec(a, "??", VV_DB_ARGS(VV_DB_I(a + b), VV_DB_I((int64_t)a * b)));\n')

    def test_cast_of_a_group_with_a_postfix_is_kept_whole(self):
        self.same('vv_db_exec(a, "?", "i", (int64_t)(x)->y);\n',
                  'vv_db_exec(a, "?", VV_DB_ARGS(VV_DB_I((x)->y)));\n')

    def test_other_casts_stay(self):
        self.same('vv_db_exec(a, "??", "is", (long)x, (const char *)p);\n',
                  'vv_db_exec(a, "??", VV_DB_ARGS(VV_DB_I((long)x), VV_DB_S((const char *)p)));\n')

    def test_commas_in_strings_and_calls(self):
        self.same('vv_db_exec(a, "a, b ?", "ss", f(x, ","), "p, q");\n',
                  'vv_db_exec(a, "a, b ?", VV_DB_ARGS(VV_DB_S(f(x, ",")), VV_DB_S("p, q")));\n')

    def test_already_typed_is_left(self):
        src = 'vv_db_exec(a, "X ?", VV_DB_ARGS(VV_DB_I(x)));\nvv_db_query(a, &e, "Y", VV_DB_NONE);\n'
        self.same(src, src)

    def test_idempotent(self):
        src = '\tn = vv_db_exec(a, "UPDATE t SET a = ?, b = ?, c = ? WHERE tenant_id = ? AND id = ?",\n' \
              '\t\t       "sssii", first_name, last_name, (int64_t)lang, tenant, (int64_t)id);\n'
        once, _ = conv(src)
        twice, refusals = conv(once)
        self.assertEqual(refusals, [])
        self.assertEqual(once, twice)

    def test_comments_strings_and_other_names_are_not_calls(self):
        src = '/* vv_db_exec(a, "X", "i", 1) */\nputs("vv_db_query(a, 0, \\"X\\", \\"i\\", 1)");\n' \
              'vv_db_exec_args(a, "X", p, 1);\nmy_vv_db_exec(a, "X", "i", 1);\n'
        self.same(src, src)

    def test_leading_comment_is_kept(self):
        self.same('r = vv_db_query(a, &e,\n\t"X LIMIT 100", /* why */\n\t"s", "fi");\n',
                  'r = vv_db_query(a, &e,\n\t"X LIMIT 100", /* why */\n\tVV_DB_ARGS(VV_DB_S("fi")));\n')

    def test_multi_line_values_are_joined(self):
        self.same('vv_db_exec(a, "??", "is", t,\n\t   x ? y\n\t     : NULL);\n',
                  'vv_db_exec(a, "??", VV_DB_ARGS(VV_DB_I(t), VV_DB_S(x ? y : NULL)));\n')


class Layout(unittest.TestCase):
    def test_long_lists_wrap_under_the_first_macro(self):
        src = ('\tint64_t n = vv_db_exec(a,\n'
               '\t\t\t       "INSERT INTO users (uuid, tenant_id, email, first_name, last_name)"\n'
               '\t\t\t       " VALUES (?, ?, ?, ?, ?)",\n'
               '\t\t\t       "sisss", uuid, (int64_t)tenant_id, email, first_name, last_name);\n')
        out, refusals = dbt.convert_source(src, "t.c")
        self.assertEqual(refusals, [])
        lines = out.split("\n")
        self.assertEqual(lines[3], '\t\t\t       VV_DB_ARGS(VV_DB_S(uuid), VV_DB_I(tenant_id), VV_DB_S(email),')
        self.assertEqual(lines[4], '\t\t\t\t\t  VV_DB_S(first_name), VV_DB_S(last_name)));')
        for ln in lines:
            self.assertLessEqual(len(ln.expandtabs(8)), dbt.WIDTH, ln)

    def test_too_long_behind_the_sql_moves_to_its_own_line(self):
        src = ('\tvv_db_exec(a, "DELETE FROM login_throttle WHERE k = ? AND something_long = 1", "s",\n'
               '\t\t   throttle_key(a, true, lowered(a, email)));\n')
        out, _ = dbt.convert_source(src, "t.c")
        self.assertEqual(out,
                         '\tvv_db_exec(a, "DELETE FROM login_throttle WHERE k = ? AND something_long = 1",\n'
                         '\t\t   VV_DB_ARGS(VV_DB_S(throttle_key(a, true, lowered(a, email)))));\n')


    def test_none_moves_too(self):
        src = ('\tres = vv_db_query(a, &err,\n'
               '\t\t"SELECT id FROM recordings WHERE ends_at > UTC_TIMESTAMP() ORDER BY ends_at LIMIT 50", NULL);\n')
        out, _ = dbt.convert_source(src, "t.c")
        self.assertEqual(out, '\tres = vv_db_query(a, &err,\n'
                              '\t\t"SELECT id FROM recordings WHERE ends_at > UTC_TIMESTAMP() ORDER BY ends_at LIMIT 50",\n'
                              '\t\tVV_DB_NONE);\n')


class Refusals(unittest.TestCase):
    def refused(self, src, why):
        out, refusals = conv(src)
        self.assertEqual(out, textwrap.dedent(src), "a refused call is left as it was")
        self.assertEqual(len(refusals), 1, refusals)
        self.assertRegex(refusals[0], r"^t\.c:\d+: ")
        self.assertIn(why, refusals[0])
        return refusals[0]

    def test_count(self):
        r = self.refused('\n\nvv_db_exec(a, "? ?", "ii", x);\n', "2 letters for 1 values")
        self.assertTrue(r.startswith("t.c:3: "), r)

    def test_type_string_not_a_literal(self):
        self.refused('vv_db_exec(a, "?", types, x);\n', "not one string literal")
        self.refused('vv_db_exec(a, "?", "i" "s", x, y);\n', "not one string literal")

    def test_bad_letter(self):
        self.refused('vv_db_exec(a, "?", "x", x);\n', "type letter 'x'")

    def test_macro_definition(self):
        self.refused('#define DEL(a, id) vv_db_exec(a, "D ?", "i", id)\n', "preprocessor line")

    def test_comment_among_parameters(self):
        self.refused('vv_db_exec(a, "??", "ii", x, /* y */ z);\n', "comment")

    def test_one_refusal_does_not_stop_the_rest(self):
        out, refusals = conv('vv_db_exec(a, "?", "ii", x);\nvv_db_exec(a, "?", "i", x);\n')
        self.assertEqual(len(refusals), 1)
        self.assertEqual(out, 'vv_db_exec(a, "?", "ii", x);\nvv_db_exec(a, "?", VV_DB_ARGS(VV_DB_I(x)));\n')


SAMPLE = r'''
#include <stdint.h>
#include <stddef.h>
#include <time.h>
#include "vv/db.h"
struct row { int id; unsigned n; long when; const char *name; double score; };
int64_t sample(vv_arena_t *a, const struct row *r, time_t t);
int64_t sample(vv_arena_t *a, const struct row *r, time_t t)
{
	int err = 0;
	vv_db_res_t *res = vv_db_query(a, &err, "SELECT ? FROM x WHERE a = ? AND b = ?", "sii",
				       r->name, (int64_t)r->id, (int64_t)t);
	if (!res)
		return err;
	return vv_db_exec(a, "UPDATE x SET n = ?, s = ?, w = ?, z = ? WHERE id = ?", "idisi",
			  (int64_t)r->n, r->score, (int64_t)r->when, NULL, (int64_t)(r->id + 1));
}
'''


class Compiles(unittest.TestCase):
    """What the converter writes builds under the project's -Werror."""

    def build(self, src):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "s.c")
            with open(path, "w") as f:
                f.write(src)
            cmd = ["cc", "-std=c11", "-D_GNU_SOURCE", "-Wall", "-Wextra", "-Werror", "-Wshadow",
                   "-Wstrict-prototypes", "-Wmissing-prototypes",
                   "-I" + os.path.join(ROOT, "core/include"), "-c", path, "-o", path + ".o"]
            return subprocess.run(cmd, capture_output=True, text=True)

    def test_converted_sample_compiles(self):
        out, refusals = dbt.convert_source(SAMPLE, "s.c")
        self.assertEqual(refusals, [])
        self.assertNotIn('"sii"', out)
        self.assertNotIn("(int64_t)", out)
        p = self.build(out)
        self.assertEqual(p.returncode, 0, p.stderr + out)

    def test_a_wrong_type_does_not_compile(self):
        out, _ = dbt.convert_source(SAMPLE, "s.c")
        for wrong in ("VV_DB_I(r->name)", "VV_DB_I(r->score)", "VV_DB_S(r->id)", "VV_DB_D(r->name)"):
            bad = out.replace("VV_DB_I(r->id)", wrong, 1)
            self.assertNotEqual(bad, out)
            p = self.build(bad)
            self.assertNotEqual(p.returncode, 0, wrong)


class Command(unittest.TestCase):
    def run_tool(self, *args):
        return subprocess.run([sys.executable, os.path.join(HERE, "db-typed.py")] + list(args),
                              capture_output=True, text=True)

    def test_writes_in_place_and_reports_refusals(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "f.c")
            with open(path, "w") as f:
                f.write('vv_db_exec(a, "?", "i", x);\nvv_db_exec(a, "?", t, x);\n')
            p = self.run_tool("-n", path)
            self.assertEqual(p.returncode, 1)
            self.assertIn("+vv_db_exec(a, \"?\", VV_DB_ARGS(VV_DB_I(x)));", p.stdout)
            self.assertIn(path + ":2: ", p.stderr)
            with open(path) as f:
                self.assertIn('"i", x', f.read(), "-n writes nothing")
            p = self.run_tool(path)
            self.assertEqual(p.returncode, 1)
            with open(path) as f:
                self.assertEqual(f.read(), 'vv_db_exec(a, "?", VV_DB_ARGS(VV_DB_I(x)));\n'
                                           'vv_db_exec(a, "?", t, x);\n')

    def test_clean_run_exits_zero(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "f.c")
            with open(path, "w") as f:
                f.write('vv_db_exec(a, "?", "i", x);\n')
            self.assertEqual(self.run_tool(path).returncode, 0)
            self.assertEqual(self.run_tool(path).returncode, 0)  # nothing left to do


if __name__ == "__main__":
    unittest.main()
