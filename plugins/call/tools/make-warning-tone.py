#!/usr/bin/env python3
"""Writes xsl/static/sounds/warning.wav: the call page's "time is running
out" tone (R-CA-4) - three short soft beeps at 880 Hz, 8 kHz mono 16-bit,
made here from a sine (no recorded material). Run from the repository
root: python3 tools/make-warning-tone.py"""
import math
import struct
import wave

RATE = 8000
BEEP, GAP, FREQ = 0.18, 0.12, 880.0


def beep(seconds):
    n = int(RATE * seconds)
    fade = int(RATE * 0.015)
    for i in range(n):
        env = min(1.0, i / fade, (n - i) / fade)
        yield int(0.5 * 32767 * env * math.sin(2 * math.pi * FREQ * i / RATE))


samples = []
for _ in range(3):
    samples.extend(beep(BEEP))
    samples.extend([0] * int(RATE * GAP))

with wave.open("xsl/static/sounds/warning.wav", "wb") as w:
    w.setnchannels(1)
    w.setsampwidth(2)
    w.setframerate(RATE)
    w.writeframes(b"".join(struct.pack("<h", s) for s in samples))
