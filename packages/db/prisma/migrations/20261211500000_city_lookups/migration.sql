-- The city of an account of no district (the city office's), by id: as learnweek_user_districts does for a
-- district (migration 20261211200000), read past the policies and returning the city's id only, so that a
-- token's city office account and its sign-in are read in their city (app.city_id) under the policies.
CREATE FUNCTION learnweek_user_cities(p_ids uuid[]) RETURNS TABLE ("id" uuid, "cityId" uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT u."id", u."cityId" FROM "User" u WHERE u."id" = ANY (p_ids) AND u."districtId" IS NULL $$;

REVOKE ALL ON FUNCTION learnweek_user_cities(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION learnweek_user_cities(uuid[]) TO learnweek_app;
