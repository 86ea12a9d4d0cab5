import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  fieldChanges,
  ZUnitKind,
  type TFieldError,
  type TUnitImportPreview,
  type TImportUnitsResponse,
  type TListTownsResponse,
  type TListUnitsResponse,
  type TLocale,
  type TUnit,
  type ZListUnitsQuery,
} from '@learnweek/contracts';
import { hashPassword, Prisma } from '@learnweek/db';
import type { z } from 'zod';
import { LiveEvents } from '../../core/live/live-events.js';
import { AuthRepository } from '../../core/auth/auth.repository.js';
import { initialPassword } from '../../core/auth/initial-password.js';
import { ApiException, fieldError, notFound, staleVersion } from '../../core/errors/api.exception.js';
import { Clock } from '../../core/clock/clock.js';
import { AuditService } from '../audit/audit.service.js';
import { NotificationService } from '../notification/notification.service.js';
import { accountCreatedNotice } from './account-created-notice.js';
import { CampaignService } from '../campaign/campaign.service.js';
import { cellPath, sheetRefusal } from '../../core/xlsx/workbook.js';
import { readUnits, writeUnitTemplate, type TUnitRow } from './unit-import.js';
import { UnitRepository } from './unit.repository.js';

type TUnitRowWithUsers = NonNullable<Awaited<ReturnType<UnitRepository['setActive']>>>;

const toUnit = (u: TUnitRowWithUsers): TUnit => ({
  id: u.id,
  code: u.code,
  name: u.name,
  kind: ZUnitKind.parse(u.kind),
  town: u.town.name,
  address: u.address,
  head: u.head,
  contactPerson: u.contactPerson,
  phone: u.phone,
  active: u.active,
  coordinators: u.users.map((x) => x.username),
});

interface TNewAccount {
  row: TUnitRow;
  password: string;
  hash: string;
}

/** An account may be new or already the same unit's; another unit's is refused, naming the row. */
function accountsOfOtherUnits(rows: readonly TUnitRow[], taken: ReadonlyMap<string, string | null>, locale: TLocale): TFieldError[] {
  return rows
    .filter((r) => {
      const owner = taken.get(r.coordinator);
      return r.coordinator && owner !== undefined && owner !== r.code;
    })
    .map((r) => ({
      path: cellPath(locale, r.line, locale === 'en' ? 'coordinator username' : '联络员账号'),
      message: locale === 'en' ? `${r.coordinator} belongs to another unit` : `账号 ${r.coordinator} 已属于其他单位`,
    }));
}

/** An account with a one-time initial password for each row naming a coordinator not yet there. */
async function newAccounts(rows: readonly TUnitRow[], taken: ReadonlyMap<string, string | null>): Promise<TNewAccount[]> {
  const accounts: TNewAccount[] = [];
  for (const row of rows.filter((r) => r.coordinator && !taken.has(r.coordinator))) {
    const password = initialPassword();
    accounts.push({ row, password, hash: await hashPassword(password) });
  }
  return accounts;
}

/** The unit fields an import may change, compared old → new in its preview. */
const UNIT_IMPORT_FIELDS = ['name', 'kind', 'town', 'address', 'head', 'contactPerson', 'phone'] as const;

type TAgainst = Awaited<ReturnType<UnitRepository['importedAgainst']>>;

/**
 * What importing `rows` (the bytes `xlsx`) would do to the units as they are: created, updated
 * field by field (a new name: renamed), names used twice in one town; the token names the upload
 * and the state of every unit it touches or repeats, so the apply is of what the preview showed.
 */
function unitImportPreview(xlsx: Buffer, rows: readonly TUnitRow[], { byCode, byName }: TAgainst): TUnitImportPreview {
  const now = new Map(byCode.map((u) => [u.code, { ...u, town: u.town.name }]));
  const preview: TUnitImportPreview = { token: '', created: [], updated: [], renamed: [], duplicates: [], needsConfirm: false };
  for (const r of rows) {
    const before = now.get(r.code);
    if (!before) {
      preview.created.push({ code: r.code, name: r.name, town: r.town });
      continue;
    }
    const fields = fieldChanges(before, r, UNIT_IMPORT_FIELDS);
    if (fields.length) preview.updated.push({ code: r.code, name: r.name, fields });
    if (before.name !== r.name) preview.renamed.push({ code: r.code, from: before.name, to: r.name });
  }
  // A name in a town: the units staying as they are (not in the list) and every row of the list.
  const inList = new Set(rows.map((r) => r.code));
  const holders = new Map<string, { town: string; name: string; codes: string[] }>();
  const hold = (town: string, name: string, code: string) => {
    const key = `${town}\u0000${name}`;
    const h = holders.get(key) ?? { town, name, codes: [] };
    h.codes.push(code);
    holders.set(key, h);
  };
  for (const u of byName.filter((u) => !inList.has(u.code))) hold(u.town.name, u.name, u.code);
  for (const r of rows) hold(r.town, r.name, r.code);
  preview.duplicates = [...holders.values()].filter((h) => h.codes.length > 1);
  preview.needsConfirm = preview.renamed.length > 0 || preview.duplicates.length > 0;
  const state = [...byCode, ...byName].map((u) => `${u.code}:${u.updatedAt.toISOString()}`).sort();
  preview.token = createHash('sha256').update(xlsx).update(state.join('\n')).digest('hex');
  return preview;
}

@Injectable()
export class UnitService {
  private readonly logger = new Logger('units');

  constructor(
    private readonly repo: UnitRepository,
    private readonly campaigns: CampaignService,
    private readonly auth: AuthRepository,
    private readonly live: LiveEvents,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly clock: Clock,
  ) {}

  async list(q: z.output<typeof ZListUnitsQuery>): Promise<TListUnitsResponse> {
    const { total, items } = await this.repo.list(q);
    return { total, page: q.page, pageSize: q.pageSize, items: items.map(toUnit) };
  }

  /** The import template, its town pick list from the district's towns. */
  async template(): Promise<{ filename: string; xlsx: Buffer }> {
    return { filename: '单位名单导入模板.xlsx', xlsx: await writeUnitTemplate((await this.repo.towns()).map((t) => t.name)) };
  }

  async towns(): Promise<TListTownsResponse> {
    return { items: await this.repo.towns() };
  }

  async createTown(name: string) {
    try {
      return await this.repo.createTown(name);
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') throw fieldError(409, 'name', 'lw.townExists');
      throw e;
    }
  }

  async setActive(id: string, active: boolean): Promise<TUnit> {
    const u = await this.repo.setActive(id, active);
    if (!u) throw notFound();
    // Its coordinators are let in or shut out from their next request on, not when a cache expires,
    // and their open live-feed sockets are closed.
    this.auth.forget();
    if (!active) await this.live.disconnectUnit(id);
    await this.audit.record({ kind: active ? 'unit.reactivated' : 'unit.deactivated', target: `${u.name}（${u.code}）` });
    return toUnit(u);
  }

  /**
   * Imports the bureau's unit list: units created or updated by code, coordinator accounts
   * created with a one-time initial password, the units invited to `campaignId` when given.
   * All rows or none.
   */
  async import(xlsx: Buffer, campaignId: string | undefined, confirm: string | undefined, locale: TLocale): Promise<TImportUnitsResponse> {
    if (campaignId) await this.campaigns.get(campaignId);
    const { rows, towns, taken } = await this.readList(xlsx, locale);
    const accounts = await newAccounts(rows, taken);
    const { response, users } = await this.repo.transaction(async (tx) => {
      const preview = unitImportPreview(
        xlsx,
        rows,
        await this.repo.importedAgainst(
          tx,
          rows.map((r) => r.code),
          rows.map((r) => r.name),
        ),
      );
      if (confirm !== undefined && confirm !== preview.token) throw staleVersion(preview);
      if (confirm === undefined && preview.needsConfirm) throw new ApiException(409, 'importNeedsConfirm');
      const { created, ids, idOf } = await this.upsertUnits(tx, rows, towns);
      const users = await this.saveAccounts(tx, rows, accounts, taken, idOf);
      const invited = campaignId ? await this.campaigns.invite(tx, campaignId, ids) : 0;
      await this.audit.record(
        {
          kind: 'units.imported',
          campaignId: campaignId ?? null,
          counts: { created, updated: rows.length - created, invited, accounts: accounts.length },
        },
        tx,
      );
      return {
        users,
        response: {
          created,
          updated: rows.length - created,
          invited,
          accounts: accounts.map((a) => ({ username: a.row.coordinator, unitCode: a.row.code, initialPassword: a.password })),
        },
      };
    });
    // Once the accounts exist: each new coordinator is told how to sign in (by email when they have an address).
    // The answer carries the initial passwords, shown once: a notice that cannot be written is logged, never a 500.
    for (const u of users) {
      await this.notifications
        .notifyAccount(u.id, accountCreatedNotice(u.id, u.username, u.unit), this.clock.now())
        .catch((err: unknown) => this.logger.error(`account ${u.username}: its notice was not written: ${(err as Error).message}`));
    }
    return response;
  }

  /** What importing the list would do, nothing saved; the console shows it and asks before a rename or a repeated name. */
  async previewImport(xlsx: Buffer, locale: TLocale): Promise<TUnitImportPreview> {
    const { rows } = await this.readList(xlsx, locale);
    return this.repo.transaction(async (tx) =>
      unitImportPreview(
        xlsx,
        rows,
        await this.repo.importedAgainst(
          tx,
          rows.map((r) => r.code),
          rows.map((r) => r.name),
        ),
      ),
    );
  }

  /** The list's rows, refused by row and column when one is wrong (an account of another unit included). */
  private async readList(xlsx: Buffer, locale: TLocale) {
    const towns = new Map((await this.repo.towns()).map((t) => [t.name, t.id]));
    const { rows, errors } = await readUnits(xlsx, new Set(towns.keys()), locale);
    const taken = new Map(
      (await this.repo.users(rows.map((r) => r.coordinator).filter(Boolean))).map((u) => [u.username, u.unit?.code ?? null]),
    );
    errors.push(...accountsOfOtherUnits(rows, taken, locale));
    if (errors.length > 0) throw sheetRefusal(errors satisfies TFieldError[], locale);
    return { rows, towns, taken };
  }

  /** Creates or updates each row's unit by code; how many were new, and the rows' unit ids (also by code). */
  private async upsertUnits(tx: Prisma.TransactionClient, rows: readonly TUnitRow[], towns: ReadonlyMap<string, string>) {
    let created = 0;
    const ids: string[] = [];
    const idOf = new Map<string, string>();
    for (const r of rows) {
      const u = await this.repo.upsert(tx, {
        code: r.code,
        name: r.name,
        kind: r.kind,
        townId: towns.get(r.town)!,
        address: r.address,
        head: r.head,
        contactPerson: r.contactPerson,
        phone: r.phone,
      });
      if (u.created) created += 1;
      ids.push(u.id);
      idOf.set(r.code, u.id);
    }
    return { created, ids, idOf };
  }

  /** The new coordinator accounts; an existing account of the unit takes the address the list gives (an empty cell leaves it as it is). */
  private async saveAccounts(
    tx: Prisma.TransactionClient,
    rows: readonly TUnitRow[],
    accounts: readonly TNewAccount[],
    taken: ReadonlyMap<string, string | null>,
    idOf: ReadonlyMap<string, string>,
  ): Promise<{ id: string; username: string; unit: string }[]> {
    const created: { id: string; username: string; unit: string }[] = [];
    for (const a of accounts) {
      const u = await this.repo.createCoordinator(tx, {
        username: a.row.coordinator,
        displayName: a.row.coordinatorName,
        passwordHash: a.hash,
        unitId: idOf.get(a.row.code)!,
        email: a.row.coordinatorEmail || null,
      });
      created.push({ id: u.id, username: u.username, unit: a.row.name });
    }
    for (const r of rows.filter((r) => r.coordinatorEmail && taken.has(r.coordinator)))
      await this.repo.setEmail(tx, r.coordinator, r.coordinatorEmail);
    return created;
  }
}
