-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "personSecret" TEXT NOT NULL DEFAULT replace(((gen_random_uuid())::text || (gen_random_uuid())::text), '-'::text, ''::text);

-- AlterTable
ALTER TABLE "Checkin" ADD COLUMN     "campaignPersonKey" TEXT;

-- A campaign's key is random (two v4 UUIDs: 244 bits from the server's strong random source), never empty.
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_personSecret_check" CHECK (length("personSecret") >= 32);

-- Earlier check-ins: an attendee, a device or a key already names the person across the campaign; a
-- phone was hashed with its session's secret and cannot be recognised at another venue: left NULL,
-- it counts as a person of its own session.
UPDATE "Checkin" SET "campaignPersonKey" = "personKey" WHERE "personKey" NOT LIKE 'phone:%';
