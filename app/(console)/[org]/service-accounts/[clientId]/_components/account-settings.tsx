import type { ServiceAccountDetail } from "@/lib/service-accounts/get-service-account";
import { ScopeChip } from "@/components/service-accounts/scope-chip";
import { TimeAgo } from "@/components/service-accounts/time-ago";
import { formatDuration, formatUtc } from "@/components/service-accounts/format";

/** `ownerForm`: the owner picker, for those who may change it; others see the owner's email. */
export function AccountSettings({ account, now, ownerForm }: { account: ServiceAccountDetail["account"]; now: string; ownerForm?: React.ReactNode }) {
  return (
    <dl className="grid gap-x-6 gap-y-4 text-sm sm:grid-cols-[10rem_1fr]">
      <dt className="text-muted-foreground">Description</dt>
      <dd className="whitespace-pre-line">{account.description || <span className="text-muted-foreground">none</span>}</dd>
      <dt className="text-muted-foreground">Scopes</dt>
      <dd>
        {account.scopes.length === 0 ? (
          <span className="text-sm text-muted-foreground">No scopes: tokens carry an empty scope</span>
        ) : (
          <ul className="flex flex-wrap gap-1" aria-label="Scopes">
            {account.scopes.map((s) => (
              <li key={s.name}>
                <ScopeChip name={s.name} highRisk={s.highRisk}>
                  {/* A time-boxed grant says when it ends; tokens carrying it never outlive it. */}
                  {s.expiresAt ? (
                    <span className="font-sans text-muted-foreground" data-testid={`grant-end-${s.name}`}>
                      {s.expiresAt > now ? `until ${formatUtc(s.expiresAt)}` : "ended"}
                    </span>
                  ) : null}
                </ScopeChip>
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt className="text-muted-foreground">Audiences</dt>
      <dd>
        <ul className="space-y-1 font-mono text-xs" aria-label="Audiences">
          {account.audiences.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      </dd>
      <dt className="text-muted-foreground">Token lifetime</dt>
      <dd>
        {formatDuration(account.tokenTtlSeconds)} <span className="text-muted-foreground">({account.tokenTtlSeconds} s)</span>
      </dd>
      <dt className="text-muted-foreground">Owner</dt>
      <dd data-testid="account-owner">
        {ownerForm ?? (account.ownerEmail ? account.ownerEmail : <span className="text-muted-foreground">nobody</span>)}
      </dd>
      <dt className="text-muted-foreground">Last used</dt>
      <dd>
        <TimeAgo iso={account.lastUsedAt} now={now} />
      </dd>
      <dt className="text-muted-foreground">Created</dt>
      <dd>
        <span title={formatUtc(account.createdAt)}>{formatUtc(account.createdAt)}</span>
        {account.createdBy ? <span className="text-muted-foreground"> by {account.createdBy}</span> : null}
      </dd>
      <dt className="text-muted-foreground">Updated</dt>
      <dd>
        {formatUtc(account.updatedAt)}
        {account.updatedBy ? <span className="text-muted-foreground"> by {account.updatedBy}</span> : null}
      </dd>
    </dl>
  );
}
