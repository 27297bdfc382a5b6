#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Parse the console log of a swsmmu test guest (see tools/guest/init).

Counts TAP/KTAP results per suite, fails suites that exited non-zero or never
ended, fails the run when the guest did not reach @@DONE, and fails it when
the kernel log shows a WARNING, BUG, Oops, KASAN, UBSAN, lockdep, kmemleak or
DMA-API debug report, and then prints the first report's lines (CI keeps only
this output).  Prints one line per suite and returns counts as JSON on
request.
"""
import json
import re
import sys

SPLATS = [
    (re.compile(r'WARNING: '), 'WARNING'),
    (re.compile(r'\bBUG: '), 'BUG'),
    (re.compile(r'\bOops\b'), 'Oops'),
    (re.compile(r'Kernel panic'), 'panic'),
    (re.compile(r'KASAN'), 'KASAN'),
    (re.compile(r'UBSAN'), 'UBSAN'),
    (re.compile(r'possible (circular|recursive) locking'), 'lockdep'),
    (re.compile(r'possible irq lock inversion|inconsistent lock state'), 'lockdep'),
    (re.compile(r'suspicious RCU usage'), 'lockdep-RCU'),
    (re.compile(r'unreferenced object 0x'), 'kmemleak'),
    (re.compile(r'general protection fault'), 'GPF'),
    (re.compile(r'list_(add|del) corruption'), 'list corruption'),
    # DMA-API debug: a report names the driver and device (a WARN follows
    # the first one only), and running out of memory turns it off
    (re.compile(r'DMA-API: \S+ \S+: \S'), 'DMA-API'),
    (re.compile(r'DMA-API: .*(disabl|out of memory)'), 'DMA-API'),
]

TS = re.compile(r'^\[\s*\d+\.\d+\]\s?')
RESULT = re.compile(r'^(\s*)(not ok|ok)\s+\d+\s*(?:-\s*)?([^#]*?)\s*(#\s*(.*))?$')
SUBTEST = re.compile(r'^\s*#\s*Subtest:\s*(.+?)\s*$')
# The first report's lines shown (RIP, registers, call trace): up to a
# WARN's or Oops's "---[ end trace" line, or the "=====" line that closes a
# KASAN report; others (lockdep's) end at the cap.  A WARN's message comes
# before its "WARNING:" line, after "cut here" (at most CUT_LINES before).
TRACE_LINES = 80
CUT_LINES = 8
TRACE_END = re.compile(r'end trace|^={20,}\s*$')
CUT_HERE = re.compile(r'-\[ cut here \]-')


def strip(line):
    line = line.rstrip('\r\n')
    return TS.sub('', line)


def parse(lines):
    suites = []
    cur = None
    splats = []
    done = False
    booted = False
    trace = []          # the first report's lines, to say where
    trace_kernel = True     # ... from the kernel log, or the console
    tracing = False
    cut = None          # kernel lines since a recent "cut here"
    for raw in lines:
        kernel = bool(TS.match(raw))
        line = strip(raw)
        if kernel and CUT_HERE.search(line):
            cut = []
        elif kernel and cut is not None:
            cut.append(line.rstrip())
            if len(cut) > CUT_LINES:
                cut = None
        # A report's own lines: kmemleak's are printed by cat, untimed,
        # up to the harness's next marker
        if tracing and line.startswith('@@'):
            tracing = False
        if tracing and kernel == trace_kernel:
            trace.append(line.rstrip())
            tracing = (len(trace) < TRACE_LINES and
                       not (len(trace) > 3 and TRACE_END.search(line)))
        for rx, kind in SPLATS:
            if rx.search(line):
                splats.append((kind, line.strip()))
                if not trace:
                    if kind == 'WARNING' and kernel and cut:
                        trace = cut[:-1]
                    trace.append(line.rstrip())
                    trace_kernel = kernel
                    tracing = True
                break
        if line.startswith('@@BOOTED'):
            booted = True
        elif line.startswith('@@DONE'):
            done = True
        elif line.startswith('@@SUITE '):
            cur = {'name': line.split(None, 1)[1].strip(), 'pass': 0,
                   'fail': 0, 'skip': 0, 'rc': None, 'failed': [],
                   'parents': set()}
            suites.append(cur)
        elif line.startswith('@@ENDSUITE ') and cur is not None:
            parts = line.split()
            cur['rc'] = int(parts[2]) if len(parts) > 2 and parts[2].lstrip('-').isdigit() else -1
            cur = None
        elif cur is not None and not kernel:
            # Results come from user space (the KUnit results files, TAP
            # writers); the kernel's own copy of KTAP in its log is not
            # counted twice.
            m = SUBTEST.match(line)
            if m:
                cur['parents'].add(m.group(1))
                continue
            m = RESULT.match(line)
            if not m:
                continue
            name = m.group(3).strip()
            if name in cur['parents'] or name == cur['name']:
                continue        # a parent's summary of the cases counted
            directive = (m.group(5) or '').upper()
            if 'SKIP' in directive:
                cur['skip'] += 1
            elif m.group(2) == 'ok':
                cur['pass'] += 1
            else:
                cur['fail'] += 1
                cur['failed'].append(name)
    return {'suites': suites, 'splats': splats, 'done': done,
            'booted': booted, 'trace': trace, 'trace_kernel': trace_kernel}


def report(res, label):
    passed = failed = skipped = 0
    for s in res['suites']:
        extra = ''
        if s['rc'] is None:
            s['fail'] += 1
            extra = ' (never finished)'
        elif s['rc'] != 0 and s['fail'] == 0:
            s['fail'] += 1
            extra = ' (exited %d)' % s['rc']
        passed += s['pass']
        failed += s['fail']
        skipped += s['skip']
        print('%-7s %s/%s: %d passed, %d failed, %d skipped%s' %
              ('FAIL' if s['fail'] else 'ok', label, s['name'], s['pass'],
               s['fail'], s['skip'], extra))
        for n in s['failed']:
            print('        failed: %s' % n)
    if not res['booted']:
        print('FAIL    %s: the guest did not boot' % label)
        failed += 1
    elif not res['done']:
        print('FAIL    %s: the guest did not finish (timeout, panic or hang)' % label)
        failed += 1
    if res['splats']:
        kinds = sorted(set(k for k, _ in res['splats']))
        print('FAIL    %s/dmesg: %s' % (label, ', '.join(kinds)))
        for k, line in res['splats'][:10]:
            print('        %s' % line)
        # Where the first one happened: CI keeps only this output
        print('        the first report, from the %s:' %
              ('kernel log' if res['trace_kernel'] else 'console'))
        for line in res['trace']:
            print('        > %s' % line)
        failed += 1
    else:
        print('ok      %s/dmesg: no WARNING, BUG, KASAN, lockdep, kmemleak or DMA-API report' % label)
        passed += 1
    return passed, failed, skipped


def main():
    if len(sys.argv) < 3:
        print('usage: vmparse.py LOG LABEL [COUNTS.json]', file=sys.stderr)
        return 2
    with open(sys.argv[1], errors='replace') as f:
        res = parse(f)
    counts = report(res, sys.argv[2])
    if len(sys.argv) > 3:
        with open(sys.argv[3], 'w') as f:
            json.dump({'passed': counts[0], 'failed': counts[1],
                       'skipped': counts[2],
                       'splats': len(res['splats'])}, f)
    return 1 if counts[1] else 0


if __name__ == '__main__':
    sys.exit(main())
