//! Typed indices and the arenas they address: the one place the validated
//! inventory is indexed without a check (see [`Arena`]).

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

macro_rules! indices {
    ($($name:ident),* $(,)?) => {$(
        #[doc = concat!("A typed index into the validated inventory (", stringify!($name), ").")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The position in its arena.
            pub fn ix(self) -> usize {
                self.0 as usize
            }

            /// The index of position `i` (inventories are far below 2^32 elements).
            pub fn at(i: usize) -> Self {
                Self(u32::try_from(i).unwrap_or(u32::MAX))
            }
        }

        impl TypedIx for $name {
            fn ix(self) -> usize {
                $name::ix(self)
            }

            fn at(i: usize) -> Self {
                $name::at(i)
            }
        }
    )*};
}

/// A typed index: a position in one [`Arena`].
pub trait TypedIx: Copy {
    /// The position in its arena.
    fn ix(self) -> usize;
    /// The index of position `i`.
    fn at(i: usize) -> Self;
}

/// A `Vec<T>` addressed by the typed index `I`.
///
/// This is the one place that indexes the validated inventory: indexing by `I`
/// cannot go out of bounds because typed indices are made only by validation
/// (or by [`Arena::push`] / [`Arena::iter_ix`]) for the arena they index, and
/// arenas only grow; side tables keyed by the same index (`Routing`, the reach
/// engine's index) are built with the length of the arena they shadow. There is no indexing by a raw `usize` (use
/// [`Arena::as_slice`] and `clippy::indexing_slicing` applies).
///
/// The arena deliberately has neither `Deref<Target = [T]>` nor an inherent
/// method named `get`: clippy's `indexing_slicing` lints `x[i]` on any type
/// whose deref chain has a `get` returning `Option`, which would flag every
/// typed index. The checked access is [`Arena::lookup`].
pub struct Arena<I, T> {
    items: Vec<T>,
    ix: PhantomData<fn(I) -> I>,
}

impl<I: TypedIx, T> Arena<I, T> {
    /// An empty arena.
    pub fn new() -> Self {
        Arena {
            items: Vec::new(),
            ix: PhantomData,
        }
    }

    /// An arena of `n` copies of `value`.
    pub fn filled(n: usize, value: T) -> Self
    where
        T: Clone,
    {
        Arena {
            items: vec![value; n],
            ix: PhantomData,
        }
    }

    /// An empty arena with room for `n` elements.
    pub fn with_capacity(n: usize) -> Self {
        Arena {
            items: Vec::with_capacity(n),
            ix: PhantomData,
        }
    }

    /// Append `item`; its index.
    pub fn push(&mut self, item: T) -> I {
        let i = I::at(self.items.len());
        self.items.push(item);
        i
    }

    /// The element at `i`, if any.
    pub fn lookup(&self, i: I) -> Option<&T> {
        self.items.get(i.ix())
    }

    /// The element at `i`, mutably, if any.
    pub fn lookup_mut(&mut self, i: I) -> Option<&mut T> {
        self.items.get_mut(i.ix())
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the arena is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The elements, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// The elements as a slice (positions are plain `usize`).
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// The elements with their indices, in order.
    pub fn iter_ix(&self) -> impl DoubleEndedIterator<Item = (I, &T)> + ExactSizeIterator {
        self.items.iter().enumerate().map(|(i, t)| (I::at(i), t))
    }

    /// The elements, mutably, in order.
    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.items.iter_mut()
    }

    /// The indices, in order.
    pub fn indices(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator {
        (0..self.items.len()).map(I::at)
    }

    /// The elements as a vector.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }
}

// The single place that indexes an arena; see the invariant on `Arena`.
#[allow(clippy::indexing_slicing)]
impl<I: TypedIx, T> Index<I> for Arena<I, T> {
    type Output = T;

    fn index(&self, i: I) -> &T {
        // In bounds: `i` was made by validation for this arena (see `Arena`).
        &self.items[i.ix()]
    }
}

#[allow(clippy::indexing_slicing)]
impl<I: TypedIx, T> IndexMut<I> for Arena<I, T> {
    fn index_mut(&mut self, i: I) -> &mut T {
        // In bounds: `i` was made by validation for this arena (see `Arena`).
        &mut self.items[i.ix()]
    }
}

impl<I, T> Default for Arena<I, T> {
    fn default() -> Self {
        Arena {
            items: Vec::new(),
            ix: PhantomData,
        }
    }
}

impl<I, T: Clone> Clone for Arena<I, T> {
    fn clone(&self) -> Self {
        Arena {
            items: self.items.clone(),
            ix: PhantomData,
        }
    }
}

impl<I, T: fmt::Debug> fmt::Debug for Arena<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.items.fmt(f)
    }
}

impl<I, T: PartialEq> PartialEq for Arena<I, T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<I, T: Eq> Eq for Arena<I, T> {}

impl<I, T> From<Vec<T>> for Arena<I, T> {
    fn from(items: Vec<T>) -> Self {
        Arena {
            items,
            ix: PhantomData,
        }
    }
}

impl<I, T> FromIterator<T> for Arena<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        Arena {
            items: iter.into_iter().collect(),
            ix: PhantomData,
        }
    }
}

impl<'a, I, T> IntoIterator for &'a Arena<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<'a, I, T> IntoIterator for &'a mut Arena<I, T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter_mut()
    }
}

indices!(
    VpcIx,
    VSwitchIx,
    RouteTableIx,
    PeeringIx,
    CenIx,
    TransitRouterIx,
    AttachmentIx,
    TrRouteTableIx,
    NatGatewayIx,
    EipIx,
    VpnGatewayIx,
    CustomerGatewayIx,
    VpnConnectionIx,
    VbrIx,
    PhysicalConnectionIx,
    DataCenterIx,
    EcsIx,
    SecurityGroupIx,
    ResourceGroupIx,
    DataSourceIx,
    TaskIx,
);
