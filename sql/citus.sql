-- Distributes the star on Citus, after sql/schema.sql and before the first
-- load: songplays is sharded by user_id, the dimensions are copied to every
-- node.  Loads then run unchanged: sk-copyin's INSERT ... ON CONFLICT works
-- on distributed and reference tables alike.
SELECT create_reference_table('users');
SELECT create_reference_table('sk_user_state');
SELECT create_reference_table('artists');
SELECT create_reference_table('songs');
SELECT create_reference_table('time');
SELECT create_distributed_table('songplays', 'user_id');
