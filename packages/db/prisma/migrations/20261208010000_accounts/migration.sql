-- Accounts (docs/PRODUCT.md §6, accounts and passwords): a password to set before anything else, a generation
-- of sessions that a change or reset of the password ends, a coordinator's phone, single-use reset links
-- (sha256 only) and the requests for them by address (their rate limit).
-- AlterTable
ALTER TABLE "User" ADD COLUMN     "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "phone" TEXT,
ADD COLUMN     "sessionGeneration" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "PasswordResetToken" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "PasswordResetToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PasswordResetRequest" (
    "id" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "PasswordResetRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PasswordResetToken_tokenHash_key" ON "PasswordResetToken"("tokenHash");

-- CreateIndex
CREATE INDEX "PasswordResetToken_userId_createdAt_idx" ON "PasswordResetToken"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "PasswordResetRequest_address_at_idx" ON "PasswordResetRequest"("address", "at");

-- AddForeignKey
ALTER TABLE "PasswordResetToken" ADD CONSTRAINT "PasswordResetToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "User" ADD CONSTRAINT "User_sessionGeneration_check" CHECK ("sessionGeneration" >= 0);
ALTER TABLE "User" ADD CONSTRAINT "User_phone_check" CHECK ("phone" IS NULL OR length("phone") BETWEEN 1 AND 40);
ALTER TABLE "PasswordResetToken" ADD CONSTRAINT "PasswordResetToken_tokenHash_check" CHECK ("tokenHash" ~ '^[0-9a-f]{64}$');
ALTER TABLE "PasswordResetToken" ADD CONSTRAINT "PasswordResetToken_window_check" CHECK ("expiresAt" > "createdAt" AND ("usedAt" IS NULL OR "usedAt" >= "createdAt"));
