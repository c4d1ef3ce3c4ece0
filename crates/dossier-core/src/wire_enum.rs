//! `wire_enum!`: a closed set of wire names (snake_case strings) and its Rust enum.

/// A closed enumeration of wire values.
pub trait WireEnum: Copy + 'static {
    /// Every value, in declaration order (the order `allowed` lists in findings).
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;
    fn from_wire(s: &str) -> Option<Self>;
}

macro_rules! wire_enum {
    // An enumeration of the field model: the wire names are those of its table in
    // `dossier_model::options`, in the same order, so each string is stored once.
    ($(#[$meta:meta])* pub enum $name:ident in $table:path { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $crate::wire_enum::wire_enum!(@decl $(#[$meta])* $name { $($(#[$vmeta])* $variant),+ });

        impl $crate::wire_enum::WireEnum for $name {
            const ALL: &'static [Self] = Self::VARIANTS;
            fn as_str(self) -> &'static str {
                $table.opts.get(self as usize).map_or("", |o| o.0)
            }
            fn from_wire(s: &str) -> Option<Self> {
                $table
                    .opts
                    .iter()
                    .position(|o| o.0 == s)
                    .and_then(|i| Self::ALL.get(i).copied())
            }
        }
    };
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $crate::wire_enum::wire_enum!(@decl $(#[$meta])* $name { $($(#[$vmeta])* $variant),+ });

        impl $crate::wire_enum::WireEnum for $name {
            const ALL: &'static [Self] = Self::VARIANTS;
            fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }
            fn from_wire(s: &str) -> Option<Self> {
                match s { $($wire => Some($name::$variant),)+ _ => None }
            }
        }
    };
    (@decl $(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            const VARIANTS: &'static [Self] = &[$($name::$variant),+];

            /// The wire name.
            pub fn as_str(self) -> &'static str {
                <Self as $crate::wire_enum::WireEnum>::as_str(self)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use wire_enum;
