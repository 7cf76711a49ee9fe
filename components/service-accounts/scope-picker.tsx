"use client";

import { useId, useMemo, useState, useTransition } from "react";
import { ChevronsUpDown, Plus, Search, TriangleAlert, X } from "lucide-react";
import type { ActionResult } from "@/lib/action";
import { customScopeNameSchema } from "@/lib/schemas/service-account";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { ScopeChip } from "./scope-chip";
import { scopeGroup } from "@/lib/scopes/scope-name";

export interface CatalogScope {
  name: string;
  description: string;
  highRisk: boolean;
}

export type CreateScopeFn = (input: { name: string; highRisk: boolean }) => Promise<ActionResult<CatalogScope>>;

function groupByResource(scopes: CatalogScope[]) {
  const groups = new Map<string, CatalogScope[]>();
  for (const s of scopes) {
    const key = scopeGroup(s.name);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/**
 * Multi-select over the organisation's scope catalog: searchable, grouped by
 * resource, high-risk scopes marked. With `onCreateScope` (admins), a name
 * that is not in the catalog yet can be created and selected in place.
 */
export function ScopePicker({
  id,
  catalog,
  value,
  onChange,
  onCreateScope,
  invalid,
  describedBy,
}: {
  id: string;
  catalog: CatalogScope[];
  value: string[];
  onChange: (next: string[]) => void;
  onCreateScope?: CreateScopeFn;
  invalid?: boolean;
  describedBy?: string;
}) {
  const uid = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [created, setCreated] = useState<CatalogScope[]>([]);
  const [newHighRisk, setNewHighRisk] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const [creating, startCreate] = useTransition();

  const all = useMemo(() => {
    const known = new Set(catalog.map((s) => s.name));
    return [...catalog, ...created.filter((s) => !known.has(s.name))].sort((a, b) => a.name.localeCompare(b.name));
  }, [catalog, created]);
  const byName = useMemo(() => new Map(all.map((s) => [s.name, s])), [all]);

  const needle = query.trim();
  const lower = needle.toLowerCase();
  const matches = lower ? all.filter((s) => s.name.toLowerCase().includes(lower) || s.description.toLowerCase().includes(lower)) : all;
  const canCreate = Boolean(onCreateScope) && needle !== "" && !byName.has(needle) && customScopeNameSchema.safeParse(needle).success;

  const toggle = (name: string, on: boolean) => onChange(on ? [...value, name].sort() : value.filter((n) => n !== name));

  const create = () =>
    startCreate(async () => {
      const result = await onCreateScope!({ name: needle, highRisk: newHighRisk });
      if (!result.ok) {
        setCreateError(result.fieldErrors?.name?.[0] ?? result.error);
        return;
      }
      setCreated((c) => [...c, result.data]);
      onChange([...value, result.data.name].sort());
      setQuery("");
      setNewHighRisk(false);
      setCreateError(null);
    });

  return (
    <div className="space-y-2">
      <Popover open={open} onOpenChange={setOpen}>
        <PopoverTrigger asChild>
          <Button
            id={id}
            type="button"
            variant="outline"
            className="w-full justify-between font-normal"
            aria-label="Choose scopes"
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
          >
            <span className={value.length ? "" : "text-muted-foreground"}>
              {value.length ? `${value.length} scope${value.length > 1 ? "s" : ""} selected` : "Choose scopes"}
            </span>
            <ChevronsUpDown className="size-4 opacity-60" aria-hidden />
          </Button>
        </PopoverTrigger>
        <PopoverContent align="start" className="w-(--radix-popover-trigger-width) min-w-80 p-0">
          <div className="flex items-center gap-2 border-b px-3">
            <Search className="size-4 text-muted-foreground" aria-hidden />
            <Input
              aria-label="Search scopes"
              placeholder="Search scopes…"
              value={query}
              onChange={(e) => {
                setQuery(e.target.value);
                setCreateError(null);
              }}
              className="border-0 px-0 shadow-none focus-visible:ring-0"
              autoComplete="off"
            />
          </div>
          <div className="max-h-72 overflow-y-auto p-1" aria-label="Scope catalog">
            {matches.length === 0 && !canCreate ? (
              <p className="px-3 py-6 text-center text-sm text-muted-foreground">No scope matches “{needle}”.</p>
            ) : null}
            {groupByResource(matches).map(([resource, scopes]) => (
              <div key={resource} role="group" aria-labelledby={`${uid}-${resource}`} className="py-1">
                <p id={`${uid}-${resource}`} className="px-2 py-1 text-xs font-medium text-muted-foreground">
                  {resource}
                </p>
                {scopes.map((s) => {
                  const cid = `${uid}-${s.name}`;
                  return (
                    <div key={s.name} className="flex items-start gap-2 rounded-sm px-2 py-1.5 hover:bg-accent">
                      <Checkbox
                        id={cid}
                        className="mt-0.5"
                        checked={value.includes(s.name)}
                        onCheckedChange={(on) => toggle(s.name, on === true)}
                        aria-label={s.highRisk ? `${s.name} (high risk)` : s.name}
                        aria-describedby={s.description ? `${cid}-desc` : undefined}
                      />
                      <label htmlFor={cid} className="min-w-0 flex-1 cursor-pointer">
                        <span className="flex items-center gap-2 font-mono text-sm">
                          {s.name}
                          {s.highRisk ? (
                            <Badge variant="warning" aria-hidden>
                              <TriangleAlert /> high risk
                            </Badge>
                          ) : null}
                        </span>
                        {s.description ? (
                          <span id={`${cid}-desc`} className="block truncate text-xs text-muted-foreground">
                            {s.description}
                          </span>
                        ) : null}
                      </label>
                    </div>
                  );
                })}
              </div>
            ))}
          </div>
          {canCreate ? (
            <div className="space-y-2 border-t p-3">
              <div className="flex items-center gap-2">
                <Checkbox id={`${uid}-new-high-risk`} checked={newHighRisk} onCheckedChange={(v) => setNewHighRisk(v === true)} />
                <Label htmlFor={`${uid}-new-high-risk`} className="font-normal">
                  Mark the new scope as high-risk
                </Label>
              </div>
              <Button type="button" size="sm" variant="secondary" className="w-full" disabled={creating} onClick={create}>
                <Plus aria-hidden /> {creating ? "Creating…" : `Create scope “${needle}”`}
              </Button>
              {createError ? <p className="text-sm text-destructive">{createError}</p> : null}
            </div>
          ) : null}
        </PopoverContent>
      </Popover>
      {value.length ? (
        <ul className="flex flex-wrap gap-1" aria-label="Selected scopes">
          {value.map((name) => (
            <li key={name}>
              <ScopeChip name={name} highRisk={byName.get(name)?.highRisk ?? false} className="pr-0.5">
                <button
                  type="button"
                  className="rounded-sm p-0.5 hover:bg-accent"
                  aria-label={`Remove scope ${name}`}
                  onClick={() => toggle(name, false)}
                >
                  <X className="size-3" aria-hidden />
                </button>
              </ScopeChip>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Names in `selected` that are high-risk and not already held (those need an explicit confirmation). */
export function newHighRiskScopes(selected: string[], catalog: CatalogScope[], alreadyHeld: string[] = []) {
  const risky = new Set(catalog.filter((s) => s.highRisk).map((s) => s.name));
  return selected.filter((n) => risky.has(n) && !alreadyHeld.includes(n));
}
