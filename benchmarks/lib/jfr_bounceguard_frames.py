#!/usr/bin/env python3
"""Where Bounceguard's share of James's CPU goes, from a JFR recording, as Markdown.

    jfr print --events jdk.ExecutionSample --stack-depth 128 rec.jfr > samples.txt
    jfr_bounceguard_frames.py samples.txt CPU_MS_PER_MAIL

A sample counts for Bounceguard when any frame of its stack is in org.bounceguard; it is charged to
the Bounceguard frame nearest the top of the stack (the Bounceguard method that was running, or
whose call into dnsjava, Guava or the JDK was). Execution samples see Java code only (not the
kernel, not the JIT or GC threads), so the milliseconds per mail below are the samples' share of
the measured CPU per mail: an estimate of where the time goes, not a second measurement.
"""
import collections
import re
import sys

FRAME = re.compile(r"^\s+([\w$.<>]+)\(.*?\)(?:\s+line:.*)?$")


def samples(path):
    stack, inside = None, False
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("jdk.ExecutionSample"):
            stack = []
        elif stack is not None and "stackTrace = [" in line:
            inside = True
        elif inside and line.strip() == "]":
            inside = False
            yield stack
            stack = None
        elif inside:
            match = FRAME.match(line)
            if match:
                stack.append(match.group(1))


def package_of(frame, depth):
    return ".".join(frame.split(".")[:depth])


def main():
    path, cpu_ms = sys.argv[1], float(sys.argv[2])
    total = 0
    ours = collections.Counter()
    areas = collections.Counter()
    leaves = collections.Counter()
    for stack in samples(path):
        total += 1
        top = next((frame for frame in stack if frame.startswith("org.bounceguard.")), None)
        if top is None:
            continue
        ours[top] += 1
        areas[package_of(top, 3)] += 1
        leaves[package_of(stack[0], 3)] += 1
    if total == 0:
        print("The recording holds no execution samples.")
        return
    share = sum(ours.values()) / total

    def ms(count):
        return count / total * cpu_ms

    out = [f"{total} execution samples of James's JVM with the prefetch configuration (warm-up and measured mails); "
           f"**{sum(ours.values())} ({share:.1%}) have a Bounceguard frame**: about **{ms(sum(ours.values())):.2f} ms** of the "
           f"{cpu_ms:.2f} ms CPU per mail measured in that run.", "",
           "| Bounceguard frame nearest the top of the stack | samples | share of all samples | ≈ ms per mail |",
           "| --- | --- | --- | --- |"]
    for frame, count in ours.most_common(15):
        out.append(f"| `{frame}` | {count} | {count / total:.2%} | {ms(count):.3f} |")
    out += ["", "| package of that frame | samples | ≈ ms per mail |", "| --- | --- | --- |"]
    for area, count in areas.most_common():
        out.append(f"| `{area}` | {count} | {ms(count):.3f} |")
    out += ["", "| what was running at the top of those stacks | samples |", "| --- | --- |"]
    for leaf, count in leaves.most_common(8):
        out.append(f"| `{leaf}` | {count} |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
