#include <stddef.h>
#include <stdint.h>
typedef struct Pair { int32_t a; int32_t b; size_t n; } Pair;
int32_t pair_sum(const Pair *p);
