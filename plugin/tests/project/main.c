#include "pipeline.h"
#include "tally.h"

#include <stdio.h>

int main(void) {
  run_pipeline(100);
  printf("squares: %d, sum: %ld\n", tally_count(), tally_total());
  return 0;
}
