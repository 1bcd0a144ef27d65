/* Does a second busy core slow the first on this machine, and at which cache level?
 * Random read-modify-writes over a private array of the given size (kB), timed alone and
 * as two processes side by side (benches/README.md, "Simulation", round 8):
 *
 *   gcc -O2 benches/machine/l3_contention.c -o /tmp/l3 &&
 *   for kb in 256 768 8192; do /tmp/l3 $kb; (/tmp/l3 $kb & /tmp/l3 $kb; wait); done
 *
 * Each process has its own array, so any slowdown of the pair comes from what the cores
 * share (a private L2 shows none; a shared L3 or memory bus does). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
    size_t kb = argc > 1 ? (size_t)atoi(argv[1]) : 8192;
    size_t n = kb * 1024 / 8;
    uint64_t *a = malloc(n * 8);
    if (!a || n == 0) return 1;
    for (size_t i = 0; i < n; i++) a[i] = i * 2654435761u;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    uint64_t x = 1, s = 0;
    for (long i = 0; i < 200000000L; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t j = (x >> 20) % n;
        a[j] += 1;
        s += a[(j * 7) % n];
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%zu kB %.3f s %lu\n", kb,
           (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9, (unsigned long)s);
    free(a);
    return 0;
}
