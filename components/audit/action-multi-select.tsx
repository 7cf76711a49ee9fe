"use client";

import { ChevronDown } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { KNOWN_AUDIT_ACTIONS } from "./known-actions";

/** Picks any number of known actions; the selection is a comma-separated URL value. */
export function ActionMultiSelect({ value, onChange }: { value: string[]; onChange: (actions: string[]) => void }) {
  const toggle = (action: string, on: boolean) => onChange(on ? [...value, action] : value.filter((a) => a !== action));
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button variant="outline" size="sm" aria-label="Filter by action" className="font-normal">
          {value.length === 0 ? "All actions" : value.length === 1 ? value[0] : `${value.length} actions`}
          <ChevronDown aria-hidden className="opacity-50" />
        </Button>
      </PopoverTrigger>
      <PopoverContent align="start" className="max-h-80 w-72 overflow-y-auto p-2">
        <fieldset>
          <legend className="px-1 pb-1 text-xs font-medium text-muted-foreground">Actions</legend>
          {KNOWN_AUDIT_ACTIONS.map((action) => (
            <div key={action} className="flex items-center gap-2 rounded-sm px-1 py-1 hover:bg-accent">
              <Checkbox id={`action-${action}`} checked={value.includes(action)} onCheckedChange={(on) => toggle(action, on === true)} />
              <Label htmlFor={`action-${action}`} className="font-mono text-xs font-normal">
                {action}
              </Label>
            </div>
          ))}
        </fieldset>
        {value.length ? (
          <Button variant="ghost" size="sm" className="mt-1 w-full" onClick={() => onChange([])}>
            Clear actions
          </Button>
        ) : null}
      </PopoverContent>
    </Popover>
  );
}
