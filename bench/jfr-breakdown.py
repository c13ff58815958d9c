#!/usr/bin/env python3
"""CPU samples of a JFR recording by the first library frame of each sample.

    jfr print --events jdk.ExecutionSample --stack-depth 200 gateway.jfr > samples.txt
    python3 bench/jfr-breakdown.py samples.txt

Prints the share of samples whose innermost non-JDK frame belongs to each part (Reactor
operators, Netty, Spring Security, observations, Strata's own packages, ...), and for the
Reactor samples the next library frame below them (who built the operator chain). How
bench/README.md's profile tables were made.
"""
import collections
import re
import sys

PARTS = [
    ('io.strata.gateway.', None), ('io.strata.platform', 'strata platform'),
    ('org.springframework.security.', 'spring security'),
    ('io.micrometer.observation', 'observation'), ('io.micrometer.tracing', 'tracing'),
    ('io.opentelemetry', 'tracing'), ('io.micrometer.core', 'micrometer metrics'),
    ('org.springframework.cloud.gateway.filter.headers', 'scg header filters'),
    ('org.springframework.cloud.gateway.', 'scg'), ('org.springframework.web.', 'spring web'),
    ('org.springframework.http.', 'spring http'), ('org.springframework.core', 'spring core'),
    ('org.springframework.', 'spring other'), ('reactor.netty.', 'reactor-netty'),
    ('io.netty.', 'netty'), ('reactor.core.', 'reactor operators'),
    ('ch.qos.logback', 'logback'), ('org.slf4j', 'logback'), ('io.lettuce', 'lettuce'),
    ('com.github.benmanes', 'caffeine'), ('com.nimbusds', 'nimbus'),
]


def part(frame):
    for prefix, name in PARTS:
        if frame.startswith(prefix):
            return name or 'strata: ' + frame[len(prefix):].split('.')[0]
    return None


def frames(sample):
    match = re.search(r'stackTrace = \[(.*?)\n\s*\]', sample, flags=re.S)
    if not match:
        return []
    return [line.strip().split('(')[0] for line in match.group(1).strip().split('\n')
            if line.strip() and not line.strip().startswith('...')]


def main(path):
    samples = open(path).read().split('jdk.ExecutionSample {')[1:]
    first, below = collections.Counter(), collections.Counter()
    for sample in samples:
        stack = frames(sample)
        found = next(((i, part(f)) for i, f in enumerate(stack) if part(f)), (0, 'jdk/other'))
        first[found[1]] += 1
        if found[1] == 'reactor operators':
            below[next((part(f) for f in stack[found[0]:] if part(f) not in (None, 'reactor operators')), '?')] += 1
    total = len(samples)
    print(f'{total} samples')
    for name, count in first.most_common():
        print(f'{count:6d} {100 * count / total:5.1f} %  {name}')
    print('Reactor operator samples by the next library frame:')
    for name, count in below.most_common(10):
        print(f'{count:6d} {100 * count / total:5.1f} %  {name}')


if __name__ == '__main__':
    main(sys.argv[1])
