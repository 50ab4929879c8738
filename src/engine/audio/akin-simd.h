/* akin-simd.h: inner loops built twice, for AVX2 and for any x86-64
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AKIN_SIMD_CLONES before a function makes the compiler build it for the
 * baseline and for AVX2, and pick one when the program is loaded. The
 * loops it marks are written with GCC vector types of 32 bytes, which the
 * baseline build splits in two. AVX2 does not imply FMA, so each lane does
 * the same multiplications and additions, rounded the same, in both
 * builds: the results are bit-identical.
 */

#pragma once

#if defined (__x86_64__) && defined (__has_attribute)
# if __has_attribute (target_clones)
#  define AKIN_SIMD_CLONES __attribute__ ((target_clones ("avx2", "default")))
# endif
#endif
#ifndef AKIN_SIMD_CLONES
# define AKIN_SIMD_CLONES
#endif
