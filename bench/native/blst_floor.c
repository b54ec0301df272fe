/*
 * The BLS12-381 primitive costs of blst itself on this machine, without Java or JNI: the floor
 * under our vetKD client operations (an IBE decryption is one pairing, one G2 decode and one
 * generator multiple). It links the libblst.so that jblst ships (the same code our JVM calls);
 * run it with bench/native/run.sh. Prototypes as in blst's bindings/blst.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef uint8_t byte;
typedef uint64_t limb_t;
typedef struct { limb_t l[6]; } fp;
typedef struct { fp c[2]; } fp2;
typedef struct { fp2 c[3]; } fp6;
typedef struct { fp6 c[2]; } fp12;
typedef struct { fp2 x, y, z; } p2;
typedef struct { fp2 x, y; } p2_affine;
typedef struct { fp x, y; } p1_affine;

const p2 *blst_p2_generator(void);
const p2_affine *blst_p2_affine_generator(void);
const p1_affine *blst_p1_affine_generator(void);
void blst_p2_mult(p2 *out, const p2 *p, const byte *scalar, size_t nbits);
void blst_p2_to_affine(p2_affine *out, const p2 *in);
void blst_p2_affine_compress(byte out[96], const p2_affine *in);
int blst_p2_uncompress(p2_affine *out, const byte in[96]);
int blst_p2_affine_in_g2(const p2_affine *p);
size_t blst_p2s_mult_wbits_precompute_sizeof(size_t wbits, size_t npoints);
void blst_p2s_mult_wbits_precompute(p2_affine table[], size_t wbits, const p2_affine *const pts[],
                                    size_t npoints);
size_t blst_p2s_mult_wbits_scratch_sizeof(size_t npoints);
void blst_p2s_mult_wbits(p2 *ret, const p2_affine table[], size_t wbits, size_t npoints,
                         const byte *const scalars[], size_t nbits, limb_t *scratch);
void blst_miller_loop(fp12 *ret, const p2_affine *q, const p1_affine *p);
void blst_final_exp(fp12 *ret, const fp12 *f);

static double cpu_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

#define RUNS 2000

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Times each run of body apart and prints the median and the minimum CPU time per run. */
#define TIME(name, body)                                                        \
  do {                                                                          \
    static double t[RUNS];                                                      \
    for (int i = 0; i < RUNS; i++) {                                            \
      double t0 = cpu_us();                                                     \
      body;                                                                     \
      t[i] = cpu_us() - t0;                                                     \
    }                                                                           \
    qsort(t, RUNS, sizeof t[0], by_value);                                      \
    printf("%-44s cpu p50 %8.1f us   min %8.1f us\n", name, t[RUNS / 2], t[0]); \
  } while (0)

int main(void) {
  byte k[32];
  for (int i = 0; i < 32; i++) k[i] = (byte)(i * 37 + 11);
  k[31] &= 0x3f; /* little-endian, below 2^254 */
  const byte *ks[1] = {k};
  p2 r;
  p2_affine a;
  byte c[96];
  fp12 f, g;

  TIME("G2 multiplication, 255-bit (blst_p2_mult)", (k[0] = (byte)i, blst_p2_mult(&r, blst_p2_generator(), k, 255)));
  const p2_affine *g2[1] = {blst_p2_affine_generator()};
  size_t wbits = 5;
  p2_affine *table = malloc(blst_p2s_mult_wbits_precompute_sizeof(wbits, 1));
  limb_t *scratch = malloc(blst_p2s_mult_wbits_scratch_sizeof(1));
  blst_p2s_mult_wbits_precompute(table, wbits, g2, 1);
  TIME("G2 generator, blst_p2s_mult_wbits (w=5)", (k[0] = (byte)i, blst_p2s_mult_wbits(&r, table, wbits, 1, ks, 255, scratch)));
  blst_p2_to_affine(&a, &r);
  blst_p2_affine_compress(c, &a);
  TIME("G2 decode + subgroup check", (blst_p2_uncompress(&a, c), blst_p2_affine_in_g2(&a)));
  TIME("Miller loop", blst_miller_loop(&f, blst_p2_affine_generator(), blst_p1_affine_generator()));
  TIME("final exponentiation", blst_final_exp(&g, &f));
  free(table);
  free(scratch);
  return 0;
}
