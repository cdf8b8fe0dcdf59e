// OpenBLAS's CBLAS interface (Debian: libopenblas-dev). Private to MetaTensor.
#include <cblas.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

/// OpenBLAS (0.3.21, Debian 12) runs its generic Prescott kernels on CPUs newer than it knows,
/// such as Emerald Rapids: a fifth of the speed of its AVX-512 kernels there. When it has fallen
/// back that way, and the user has not chosen a core with OPENBLAS_CORETYPE, this picks the core
/// the CPU supports (SkylakeX for AVX-512, Haswell for AVX2 and FMA) and reruns OpenBLAS's core
/// selection, which reads that variable. Call it once, before the first BLAS call; it does nothing
/// where the selection cannot be rerun (an OpenBLAS built for one CPU).
static inline void metalearn_openblas_match_cpu(void) {
    if (getenv("OPENBLAS_CORETYPE") != NULL || strcmp(openblas_get_corename(), "Prescott") != 0) return;
    const char *core = NULL;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512cd")) {
        core = "SkylakeX";
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        core = "Haswell";
    }
    void *program = dlopen(NULL, RTLD_NOW);
    if (core == NULL || program == NULL) return;
    void (*quit)(void) = (void (*)(void))dlsym(program, "gotoblas_dynamic_quit");
    void (*init)(void) = (void (*)(void))dlsym(program, "gotoblas_dynamic_init");
    dlclose(program);
    if (quit == NULL || init == NULL) return;
    setenv("OPENBLAS_CORETYPE", core, 0);
    quit();
    init();
}
