#ifndef PIPELINE_H
#define PIPELINE_H
/* Squares numbers in NWORKERS goroutines fed by a channel. */
#define NWORKERS 3
void run_pipeline(int n);
#endif
