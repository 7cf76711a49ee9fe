import type { Metadata } from "next";
import Link from "next/link";
import { isSetupTokenValid } from "@/lib/setup/setup-link";
import { CenteredCard } from "@/components/forms/centered-card";
import { SetupForm } from "./setup-form";

export const metadata: Metadata = { title: "Set up Tessera" };
export const dynamic = "force-dynamic";

export default async function SetupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await isSetupTokenValid(token))) {
    return (
      <CenteredCard title="This setup link is not valid" description="It was used already, has expired, or Tessera is already set up.">
        <Link href="/sign-in" className="text-sm underline">
          Go to sign-in
        </Link>
      </CenteredCard>
    );
  }
  return (
    <CenteredCard title="Set up Tessera" description="Create the first owner and the first organisation.">
      <SetupForm token={token} />
    </CenteredCard>
  );
}
