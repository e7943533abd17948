#include "pair.h"
int32_t pair_sum(const Pair *p) { return p->a + p->b; }
