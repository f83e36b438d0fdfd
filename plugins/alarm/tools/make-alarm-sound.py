#!/usr/bin/env python3
"""Writes xsl/static/sounds/alarm.wav: the start alarm's two-tone chime (R-EN-4).

A "ding-dong" (880 Hz then 659 Hz, each with two softer overtones and a
bell-like decay) followed by a short pause, so that the <audio loop> repeats
it as a ringing pattern. Low tones carry better to ageing ears than high
ones. 16 kHz mono 16-bit keeps the file under 50 KB. Deterministic: running
it again gives the same bytes.

    python3 tools/make-alarm-sound.py [OUT]
"""
import math
import struct
import sys
import wave

RATE = 16000
PEAK = 0.85  # of full scale: loud, without clipping


def tone(freq, seconds):
    n = int(RATE * seconds)
    out = []
    for i in range(n):
        t = i / RATE
        attack = min(1.0, t / 0.008)  # no click at the start
        decay = math.exp(-3.2 * t / seconds)
        release = min(1.0, (n - i) / (0.02 * RATE))  # nor at the end
        s = (math.sin(2 * math.pi * freq * t)
             + 0.35 * math.sin(2 * math.pi * 2 * freq * t)
             + 0.15 * math.sin(2 * math.pi * 3 * freq * t)) / 1.5
        out.append(s * attack * decay * release)
    return out


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else 'xsl/static/sounds/alarm.wav'
    samples = tone(880.0, 0.45) + tone(659.25, 0.65) + [0.0] * int(RATE * 0.4)
    with wave.open(path, 'wb') as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b''.join(struct.pack('<h', int(round(s * PEAK * 32767))) for s in samples))


if __name__ == '__main__':
    main()
