-- A synthetic traced run (RACELENS_TRACE=all) of 100,000 events: 4 workers
-- fill an array in stretches of 98 writes between a lock and an unlock,
-- and G3's last read races with G2.  Appended to the schema by ./run.
INSERT INTO runs(run_id, program, argv, start_ns, status, complete,
  trace_mode, races) VALUES (1, '/bench/traced', '[]', 0, 'exited', 1, 'all', 1);
INSERT INTO sites(run_id, site_id, kind, file, line, func, expr, target)
VALUES (1, 1, 'call', 'traced.c', 30, 'main', NULL, 'fill'),
 (1, 2, 'call', 'traced.c', 12, 'fill', NULL, NULL),
 (1, 3, 'write', 'traced.c', 13, 'fill', 'arr[i]', NULL),
 (1, 4, 'call', 'traced.c', 14, 'fill', NULL, NULL),
 (1, 5, 'read', 'traced.c', 20, 'fill', 'arr[0]', NULL);
INSERT INTO objects(run_id, obj_id, kind, name) VALUES (1, 1, 'mutex', 'mu');
INSERT INTO goroutines(run_id, gid, parent, kind, start_func, create_site,
  go_seq) VALUES (1, 1, 0, 'main', 'main', 0, 0);
WITH RECURSIVE w(g) AS (SELECT 2 UNION ALL SELECT g + 1 FROM w WHERE g < 5)
INSERT INTO goroutines(run_id, gid, parent, kind, start_func, create_site,
  go_seq) SELECT 1, g, 1, 'goroutine', 'fill', 1, g - 1 FROM w;
WITH RECURSIVE w(g) AS (SELECT 2 UNION ALL SELECT g + 1 FROM w WHERE g < 5)
INSERT INTO events(run_id, seq, gid, kind, site, peer, aux)
  SELECT 1, g - 1, 1, 1, 1, 0, g FROM w
  UNION ALL SELECT 1, g + 3, g, 2, 0, g - 1, 0 FROM w;
-- seq 9..99,998 in stretches of 100: lock, 98 writes, unlock
WITH RECURSIVE i(n) AS (SELECT 9 UNION ALL SELECT n + 1 FROM i
                        WHERE n < 99998)
INSERT INTO events(run_id, seq, gid, kind, obj, site, peer, value)
  SELECT 1, n, 2 + ((n - 9) / 100) % 4,
         CASE (n - 9) % 100 WHEN 0 THEN 20 WHEN 99 THEN 21 ELSE 81 END,
         CASE WHEN (n - 9) % 100 IN (0, 99) THEN 1 ELSE 0 END,
         CASE (n - 9) % 100 WHEN 0 THEN 2 WHEN 99 THEN 4 ELSE 3 END,
         CASE WHEN (n - 9) % 100 = 0 AND n > 9 THEN n - 1 ELSE 0 END,
         65536 + 4 * ((n - 9) % 100) FROM i;
INSERT INTO events(run_id, seq, gid, kind, obj, site, aux) VALUES
 (1, 99999, 3, 80, 0, 5, 0), (1, 100000, 3, 90, 0, 5, 1);
INSERT INTO races(run_id, race_id, var, first, cur_gid, cur_site, cur_kind,
  cur_seq, prev_gid, prev_site, prev_kind, prev_seq)
VALUES (1, 1, 'arr[0]', 1, 3, 5, 'read', 100000, 2, 3, 'write', 99700);
