-- A synthetic run of 1,000,000 events (sync tracing): main starts 8
-- workers, which take turns on one mutex, then G3 races with G2 on
-- `total`.  Appended to viz/tests/fixtures/schema.sql by ./run.
INSERT INTO runs(run_id, program, argv, start_ns, status, complete, races)
VALUES (1, '/bench/million', '[]', 0, 'exited', 1, 1);
INSERT INTO sites(run_id, site_id, kind, file, line, func, expr, target)
VALUES (1, 1, 'call', 'million.c', 30, 'main', NULL, 'worker'),
 (1, 2, 'call', 'million.c', 12, 'worker', NULL, NULL),
 (1, 3, 'call', 'million.c', 14, 'worker', NULL, NULL),
 (1, 4, 'write', 'million.c', 18, 'worker', 'total', NULL);
INSERT INTO objects(run_id, obj_id, kind, name) VALUES (1, 1, 'mutex', 'mu'),
 (1, 2, 'global', 'total');
INSERT INTO goroutines(run_id, gid, parent, kind, start_func, create_site,
  go_seq) VALUES (1, 1, 0, 'main', 'main', 0, 0);
WITH RECURSIVE w(g) AS (SELECT 2 UNION ALL SELECT g + 1 FROM w WHERE g < 9)
INSERT INTO goroutines(run_id, gid, parent, kind, start_func, create_site,
  go_seq) SELECT 1, g, 1, 'goroutine', 'worker', 1, g - 1 FROM w;
-- seq 1..8: main's go events; 9..16: the workers' starts
WITH RECURSIVE w(g) AS (SELECT 2 UNION ALL SELECT g + 1 FROM w WHERE g < 9)
INSERT INTO events(run_id, seq, gid, kind, site, peer, aux, ts_ns)
  SELECT 1, g - 1, 1, 1, 1, 0, g, (g - 1) * 100 FROM w
  UNION ALL SELECT 1, g + 7, g, 2, 0, g - 1, 0, (g + 7) * 100 FROM w;
-- seq 17..999,998: lock/unlock pairs, each worker in turn; a lock's peer
-- is the unlock just before it
WITH RECURSIVE i(n) AS (SELECT 17 UNION ALL SELECT n + 1 FROM i
                        WHERE n < 999998)
INSERT INTO events(run_id, seq, gid, kind, obj, site, peer, ts_ns, dur_ns)
  SELECT 1, n, 2 + ((n - 17) / 2) % 8, CASE WHEN (n - 17) % 2 = 0 THEN 20
         ELSE 21 END, 1, CASE WHEN (n - 17) % 2 = 0 THEN 2 ELSE 3 END,
         CASE WHEN (n - 17) % 2 = 0 AND n > 17 THEN n - 1 ELSE 0 END,
         n * 100, 0 FROM i;
INSERT INTO events(run_id, seq, gid, kind, obj, site, aux, ts_ns) VALUES
 (1, 999999, 2, 3, 0, 0, 0, 99999900),
 (1, 1000000, 3, 90, 2, 4, 1, 100000000);
INSERT INTO races(run_id, race_id, var, first, cur_gid, cur_site, cur_kind,
  cur_seq, prev_gid, prev_site, prev_kind, prev_seq)
VALUES (1, 1, 'total', 1, 3, 4, 'write', 1000000, 2, 4, 'write', 0);
-- the earlier access came after G2's last unlock
UPDATE races SET prev_seq = (SELECT max(seq) FROM events WHERE run_id = 1
  AND gid = 2 AND seq < 999999) WHERE run_id = 1;
