-- A signing step may send its signature's INSERT together with COMMIT and
-- tell the signer the outcome it expects (signed, counted or held for
-- review) before the database has answered: one round trip less on the step
-- a launch rush waits on most. The guess is checked by the same statement:
-- when the row did not go in as guessed (the signer had signed meanwhile, or
-- the same-name rule held it), it fails with SQLSTATE NK001, the transaction
-- rolls back with everything the step did, and the app runs the step again
-- and awaits the real outcome. The class NK is not used by PostgreSQL.
CREATE OR REPLACE FUNCTION signature_guess_check(held_as_guessed boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF held_as_guessed IS NOT TRUE THEN
    RAISE EXCEPTION 'the signature did not go in as guessed' USING ERRCODE = 'NK001';
  END IF;
END
$$;
