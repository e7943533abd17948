
#include <stdint.h>
typedef struct Pair { int32_t a; int32_t b; uint64_t n; } Pair;
int32_t pair_sum(const Pair *p);
