"use client";

import { useEffect, useState } from "react";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";

/**
 * A text filter that writes to the URL after the person stops typing.
 * `value` is the URL's current value; when it changes from elsewhere (back
 * button, "clear filters"), the field follows it.
 */
export function DataTableTextFilter({
  value,
  onCommit,
  label,
  placeholder,
  className,
  delay = 300,
}: {
  value: string;
  onCommit: (value: string) => void;
  label: string;
  placeholder?: string;
  className?: string;
  delay?: number;
}) {
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    setText(value);
  }

  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onCommit(text), delay);
    return () => clearTimeout(timer);
  }, [text, value, onCommit, delay]);

  return (
    <Input
      type="search"
      aria-label={label}
      placeholder={placeholder}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => e.key === "Enter" && text !== value && onCommit(text)}
      className={cn("h-8", className)}
      autoComplete="off"
      spellCheck={false}
    />
  );
}
