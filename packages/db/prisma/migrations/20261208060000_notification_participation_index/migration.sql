-- CreateIndex
CREATE INDEX "Notification_participationId_kind_createdAt_idx" ON "Notification"("participationId", "kind", "createdAt");
