-- Where a request that names no district finds its district (docs/ARCHITECTURE.md, "Tenancy"): a public
-- page, a screen, a desk link, a phone at a venue, a reset link, a sign-in name. Each function reads one row
-- past the policies (SECURITY DEFINER, as the migration role: the tables' owner, which passes over them) and
-- returns its district's id and nothing else; the rest of the request then runs in that district under the
-- policies. Unknown: null (the request then finds nothing, 404 as before). EXECUTE for learnweek_app only.

CREATE FUNCTION learnweek_campaign_district(p_id uuid) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT "districtId" FROM "Campaign" WHERE "id" = p_id $$;

CREATE FUNCTION learnweek_checkin_session_district(p_id uuid) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT "districtId" FROM "CheckinSession" WHERE "id" = p_id $$;

-- A screen's or desk link's token, by its hash (revoked ones too: the desk is told its link ended).
CREATE FUNCTION learnweek_device_district(p_token_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT "districtId" FROM "KioskDevice" WHERE "tokenHash" = p_token_hash $$;

-- A photo's stored file (the signed link of a served copy).
CREATE FUNCTION learnweek_stored_file_district(p_id uuid) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT "districtId" FROM "StoredFile" WHERE "id" = p_id $$;

CREATE FUNCTION learnweek_reset_token_district(p_token_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT "districtId" FROM "PasswordResetToken" WHERE "tokenHash" = p_token_hash $$;

-- The districts of the accounts a sign-in name or a reset request's address may be (usernames are unique in
-- the installation today; an address may be several accounts'), and of accounts by id (a token's user).
CREATE FUNCTION learnweek_account_districts(p_account text) RETURNS TABLE ("id" uuid, "districtId" uuid, "byName" boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT u."id", u."districtId", u."username" = p_account FROM "User" u
         WHERE u."username" = p_account OR lower(u."email") = lower(p_account) $$;

CREATE FUNCTION learnweek_user_districts(p_ids uuid[]) RETURNS TABLE ("id" uuid, "districtId" uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT u."id", u."districtId" FROM "User" u WHERE u."id" = ANY (p_ids) $$;

DO $$
DECLARE
  f text;
BEGIN
  FOREACH f IN ARRAY ARRAY[
    'learnweek_campaign_district(uuid)', 'learnweek_checkin_session_district(uuid)', 'learnweek_device_district(text)',
    'learnweek_stored_file_district(uuid)', 'learnweek_reset_token_district(text)', 'learnweek_account_districts(text)',
    'learnweek_user_districts(uuid[])'
  ] LOOP
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO learnweek_app', f);
  END LOOP;
END $$;
