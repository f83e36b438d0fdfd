#!/usr/bin/env python3
"""Rewrites the deprecated database calls in C files to the typed form.

    vv_db_exec(a, sql, "si", name, (int64_t)id)
 -> vv_db_exec(a, sql, VV_DB_ARGS(VV_DB_S(name), VV_DB_I(id)))
    vv_db_query(a, &err, sql, NULL)
 -> vv_db_query(a, &err, sql, VV_DB_NONE)

Usage: tools/db-typed.py [-n] FILE.c...
  -n  print what would change (a unified diff) and write nothing

Each parameter's letter in the type string picks its macro ('i' VV_DB_I,
's' VV_DB_S, 'd' VV_DB_D; a literal NULL for 's' becomes VV_DB_NULL). A
leading (int64_t) cast is dropped when it applies to the whole argument:
VV_DB_I takes every integer type through a prototype, so the cast that kept
a vararg defined is no longer needed; a cast on part of an expression such
as (int64_t)a * b is kept, since it may decide the width of the product.

Calls it cannot convert are left alone and reported as FILE:LINE: reason
on stderr, and the exit status is 1: a type string that is not one literal,
a count that does not match it, a call inside a macro definition, comments
among the parameters. Calls already in the typed form are skipped. Files
are rewritten in place only when something changed. Tested by
tools/test_db_typed.py.
"""
import difflib
import re
import sys

NAMES = {"vv_db_exec": 2, "vv_db_query": 3}  # index of the type string
WIDTH = 100   # the longest line written, tabs counted as 8
TABWIDTH = 8


class Refuse(Exception):
    pass


def scan_tokens(src):
    """Yields (kind, start, end) over src: 'id', 'str', 'chr', 'num',
    'comment', 'pp' (a preprocessor line, with continuations), 'ws',
    'punct'. Enough of C to find calls and split argument lists."""
    i, n = 0, len(src)
    line_start = True
    while i < n:
        c = src[i]
        if c == "#" and line_start:
            j = i
            while j < n and src[j] != "\n":
                if src.startswith("\\\n", j):
                    j += 2
                    continue
                if src.startswith("/*", j):
                    k = src.find("*/", j + 2)
                    j = n if k < 0 else k + 2
                    continue
                j += 1
            yield ("pp", i, j)
            i = j
            continue
        if c in " \t\r\n\f\v":
            j = i
            while j < n and src[j] in " \t\r\n\f\v":
                j += 1
            yield ("ws", i, j)
            line_start = "\n" in src[i:j] or line_start
            i = j
            continue
        line_start = False
        if src.startswith("/*", i):
            k = src.find("*/", i + 2)
            j = n if k < 0 else k + 2
            yield ("comment", i, j)
            i = j
            continue
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            yield ("comment", i, j)
            i = j
            continue
        if c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            j = min(j + 1, n)
            yield ("str" if c == '"' else "chr", i, j)
            i = j
            continue
        m = re.compile(r"[A-Za-z_]\w*").match(src, i)
        if m:
            # A prefix such as u8"..." or L'x' belongs to the literal.
            if m.end() < n and src[m.end()] in "\"'" and m.group() in ("u8", "u", "U", "L"):
                i = m.end()
                continue
            yield ("id", i, m.end())
            i = m.end()
            continue
        m = re.compile(r"\.?\d(?:[eEpP][+-]|[\w.])*").match(src, i)
        if m:
            yield ("num", i, m.end())
            i = m.end()
            continue
        m = re.compile(r"->|\+\+|--|<<=|>>=|<<|>>|[<>=!&|^+\-*/%]=|&&|\|\||.", re.S).match(src, i)
        yield ("punct", i, m.end())
        i = m.end()


def line_of(src, pos):
    return src.count("\n", 0, pos) + 1


def column_of(src, pos):
    """The display column of pos, tabs counted to the next multiple of 8."""
    col = 0
    for ch in src[src.rfind("\n", 0, pos) + 1:pos]:
        col = (col // TABWIDTH + 1) * TABWIDTH if ch == "\t" else col + 1
    return col


def split_args(src, toks, k):
    """toks[k] is the '(' of a call. Returns (args, close) where args is a
    list of token lists (one per top-level argument, whitespace included)
    and close the index of the matching ')'."""
    depth = 0
    args, cur = [], []
    for j in range(k, len(toks)):
        kind, s, e = toks[j]
        text = src[s:e]
        if kind == "punct" and text in "([{":
            depth += 1
            if depth == 1:
                continue
        elif kind == "punct" and text in ")]}":
            depth -= 1
            if depth == 0:
                args.append(cur)
                return args, j
        elif kind == "punct" and text == "," and depth == 1:
            args.append(cur)
            cur = []
            continue
        cur.append(toks[j])
    raise Refuse("no closing parenthesis")


def significant(arg):
    return [t for t in arg if t[0] not in ("ws", "comment")]


def text_of(src, arg):
    """The argument's text with line breaks (and the indentation after
    them) folded to one space, so that it can be re-wrapped."""
    out = []
    for kind, s, e in arg:
        if kind == "ws":
            out.append(" " if "\n" in src[s:e] else src[s:e])
        else:
            out.append(src[s:e])
    return "".join(out).strip()


def postfix_expression(src, toks):
    """True when toks (no whitespace) is one primary expression with
    postfix parts only: name, number, string or (...), then any of .x,
    ->x, [...] and (...). Such an operand takes a cast whole."""
    if not toks:
        return False
    j = 0

    def group(j):
        depth = 0
        for m in range(j, len(toks)):
            t = src[toks[m][1]:toks[m][2]]
            if toks[m][0] == "punct" and t in "([{":
                depth += 1
            elif toks[m][0] == "punct" and t in ")]}":
                depth -= 1
                if depth == 0:
                    return m + 1
        return None

    kind, s, e = toks[0]
    if kind in ("id", "num", "str", "chr"):
        j = 1
    elif src[s:e] == "(":
        j = group(0)
        if j is None:
            return False
    else:
        return False
    while j < len(toks):
        kind, s, e = toks[j]
        t = src[s:e]
        if t in (".", "->") and j + 1 < len(toks) and toks[j + 1][0] == "id":
            j += 2
        elif t in ("[", "("):
            j = group(j)
            if j is None:
                return False
        else:
            return False
    return True


INT64_CAST = re.compile(r"\(\s*int64_t\s*\)")


def convert_value(src, arg, letter):
    sig = significant(arg)
    text = text_of(src, arg)
    if letter == "s":
        return "VV_DB_NULL" if text == "NULL" else "VV_DB_S(%s)" % text
    if letter == "d":
        return "VV_DB_D(%s)" % text
    # 'i': a whole-operand (int64_t) cast is dropped.
    if (len(sig) >= 4 and [src[t[1]:t[2]] for t in sig[:3]] == ["(", "int64_t", ")"]
            and postfix_expression(src, sig[3:])):
        text = text_of(src, [t for t in arg if t not in sig[:3]])
        if text.startswith("(") and text_of_group_is_whole(text):
            # (int64_t)(a + b) -> VV_DB_I(a + b)
            text = text[1:-1].strip()
    return "VV_DB_I(%s)" % text


def text_of_group_is_whole(text):
    """True when text is "( ... )" with the first parenthesis closing at
    the end (so the outer pair can go: VV_DB_I's own pair replaces it)."""
    depth = 0
    quote = None
    for idx, ch in enumerate(text):
        if quote:
            if ch == "\\":
                continue
            if ch == quote:
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return idx == len(text) - 1
    return False


def type_string(src, arg):
    sig = significant(arg)
    if len(sig) == 1 and src[sig[0][1]:sig[0][2]] == "NULL":
        return ""
    if len(sig) != 1 or sig[0][0] != "str":
        raise Refuse("the type string is not one string literal")
    lit = src[sig[0][1]:sig[0][2]]
    letters = lit[1:-1]
    bad = [ch for ch in letters if ch not in "sid"]
    if bad:
        raise Refuse("type letter %r (want s, i or d)" % bad[0])
    return letters


def wrap(prefix_col, head, items, tail, indent, after=0):
    """head + items joined by ', ' + tail, starting at display column
    prefix_col; when that passes WIDTH, breaks after commas and starts the
    next lines with indent (tabs and spaces)."""
    one = head + ", ".join(items) + tail
    if prefix_col + len(one) + after <= WIDTH:
        return one
    ind_col = 0
    for ch in indent:
        ind_col = (ind_col // TABWIDTH + 1) * TABWIDTH if ch == "\t" else ind_col + 1
    out, col = head, prefix_col + len(head)
    for idx, item in enumerate(items):
        last = idx == len(items) - 1
        piece = item + (tail if last else ", ")
        if idx > 0 and col + len(piece.rstrip()) + (after if last else 0) > WIDTH:
            out = out.rstrip() + "\n" + indent
            col = ind_col
        out += piece
        col += len(piece)
    return out


def indent_to(col):
    """Tabs, then spaces, to display column col: the kernel-style
    alignment the sources use for continued arguments."""
    tabs, spaces = divmod(col, TABWIDTH)
    return "\t" * tabs + " " * spaces


def continuation_indent(src, pos):
    """Indentation for wrapped parameters: lined up under the first
    macro after "VV_DB_ARGS(" at pos, or, when that is far right, the
    line's own indentation and one tab more."""
    ls = src.rfind("\n", 0, pos) + 1
    lead = re.match(r"[ \t]*", src[ls:]).group()
    col = column_of(src, pos) + len("VV_DB_ARGS(")
    return indent_to(col) if col <= 64 else lead + "\t"


def line_indent_column(src, pos):
    ls = src.rfind("\n", 0, pos) + 1
    return column_of(src, ls + len(re.match(r"[ \t]*", src[ls:]).group()))


def first_arg_column(src, toks, open_idx, args, start):
    """The column continued arguments of this call line up at. When
    start is on a line after the call's "(", that line's indentation
    (the sources already line the arguments up); else the column of the
    first argument when it follows "(" on the same line, or the
    indentation of the first argument's line."""
    opening = toks[open_idx][1]
    if "\n" in src[opening:start]:
        return line_indent_column(src, start)
    first = significant(args[0])[0][1]
    if "\n" in src[opening:first]:
        return line_indent_column(src, first)
    return column_of(src, first)


def convert_call(src, toks, k, name):
    """toks[k] is the call's name. Returns (start, end, replacement) for
    the span from the type string to the closing parenthesis, or None when
    the call is already typed."""
    j = k + 1
    while j < len(toks) and toks[j][0] == "ws":
        j += 1
    if j >= len(toks) or src[toks[j][1]:toks[j][2]] != "(":
        raise Refuse("%s used but not called" % name)
    args, close = split_args(src, toks, j)
    ti = NAMES[name]
    if len(args) <= ti:
        raise Refuse("fewer arguments than %s takes" % name)
    first = significant(args[ti])
    if first and src[first[0][1]:first[0][2]].startswith("VV_DB_"):
        return None
    # A comment before the type string stays where it is (the edit
    # starts at the type string); one among the parameters would be lost.
    lead = 0
    while lead < len(args[ti]) and args[ti][lead][0] in ("ws", "comment"):
        lead += 1
    for a in [args[ti][lead:]] + args[ti + 1:]:
        if any(t[0] in ("comment", "pp") for t in a):
            raise Refuse("a comment or preprocessor line among the parameters")
    letters = type_string(src, args[ti])
    values = args[ti + 1:]
    if len(values) == 1 and not significant(values[0]):
        raise Refuse("an empty argument")
    if len(letters) != len(values):
        raise Refuse("type string \"%s\" has %d letters for %d values"
                     % (letters, len(letters), len(values)))
    start = first[0][1]
    end = toks[close][1]
    items = [convert_value(src, v, ch) for v, ch in zip(values, letters)]
    eol = src.find("\n", end)
    after = len(src[end:eol if eol >= 0 else len(src)].rstrip())
    col = column_of(src, start)
    one = "VV_DB_ARGS(" + ", ".join(items) + ")" if items else "VV_DB_NONE"
    ls = src.rfind("\n", 0, start) + 1
    if not items:
        if col + len(one) + after > WIDTH and src[ls:start].strip():
            while start > 0 and src[start - 1] in " \t":
                start -= 1
            one = "\n" + indent_to(first_arg_column(src, toks, j, args, start)) + one
        return start, end, one
    if col + len(one) + after > WIDTH and src[ls:start].strip():
        # Too long behind the SQL: the parameters go to a line of their
        # own, lined up with the call's other arguments.
        while start > 0 and src[start - 1] in " \t":
            start -= 1
        col = first_arg_column(src, toks, j, args, start)
        pos_text = "\n" + indent_to(col)
        text = wrap(col, "VV_DB_ARGS(", items, ")",
                    indent_to(col + len("VV_DB_ARGS(")) if col + 11 <= 64
                    else indent_to(col) + "\t", after)
        return start, end, pos_text + text
    text = wrap(col, "VV_DB_ARGS(", items, ")", continuation_indent(src, start), after)
    return start, end, text


def convert_source(src, path="<src>"):
    """Returns (new_src, refusals) where refusals are "path:line: why"."""
    toks = list(scan_tokens(src))
    edits, refusals = [], []
    for k, (kind, s, e) in enumerate(toks):
        if kind == "pp":
            for nm in NAMES:
                if re.search(r"\b%s\s*\(" % nm, src[s:e]):
                    refusals.append("%s:%d: %s in a preprocessor line"
                                    % (path, line_of(src, s), nm))
            continue
        if kind != "id" or src[s:e] not in NAMES:
            continue
        try:
            ed = convert_call(src, toks, k, src[s:e])
        except Refuse as why:
            refusals.append("%s:%d: %s" % (path, line_of(src, s), why))
            continue
        if ed:
            edits.append(ed)
    for start, end, text in reversed(edits):
        src = src[:start] + text + src[end:]
    return src, refusals


def main(argv):
    dry = False
    files = []
    for a in argv[1:]:
        if a == "-n":
            dry = True
        elif a.startswith("-"):
            print(__doc__, file=sys.stderr)
            return 2
        else:
            files.append(a)
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    status = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            old = f.read()
        new, refusals = convert_source(old, path)
        for r in refusals:
            print(r, file=sys.stderr)
        if refusals:
            status = 1
        if new == old:
            continue
        if dry:
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(True), new.splitlines(True), path, path))
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(new)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
